"""Locust users for ``bench/load.py``: officials signed in through the real login form,
working through the case list, case pages, their tasks and the API, loopback only."""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

CASES = [c for c in os.environ.get("HAVEN_LOAD_CASES", "").split(",") if c]
ACCOUNTS = os.environ.get("HAVEN_LOAD_ACCOUNTS", "caseworker,coordinator").split(",")
PASSWORD = os.environ.get("HAVEN_LOAD_PASSWORD", "haven-demo")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Seconds an official spends reading a page before the next click ("min,max").
THINK = [float(v) for v in os.environ.get("HAVEN_LOAD_THINK", "2,8").split(",")]


class Official(HttpUser):
    wait_time = between(THINK[0], THINK[-1])

    def on_start(self) -> None:
        page = self.client.get("/account/login/", name="login form")
        match = TOKEN.search(page.text)
        self.client.post(
            "/account/login/",
            {
                "username": random.choice(ACCOUNTS),
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": f"{self.host}/account/login/"},
            name="sign in",
        )

    @task(4)
    def case_list(self) -> None:
        self.client.get("/cases/", name="/cases/")

    @task(2)
    def case_list_page(self) -> None:
        page = random.randint(2, 200)
        self.client.get(f"/cases/?page={page}", name="/cases/?page=N")

    @task(6)
    def case_page(self) -> None:
        if CASES:
            case = random.choice(CASES)
            self.client.get(f"/cases/{case}/", name="/cases/<id>/")

    @task(2)
    def my_tasks(self) -> None:
        self.client.get("/tasks/", name="/tasks/")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def api_cases(self) -> None:
        self.client.get("/api/v1/cases/", name="/api/v1/cases/")
