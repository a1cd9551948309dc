"""API shapes of the aggregates (read-only; the small-cell rule is already applied)."""

from __future__ import annotations

from rest_framework import serializers


class StatsCellSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="The number; null when withheld by the small-cell rule."
    )
    display = serializers.CharField(help_text='As shown, e.g. "12" or "< 5".')
    suppressed = serializers.BooleanField()


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cells = StatsCellSerializer(many=True)


class StatsChartSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="bars, columns or table")
    small_cell_threshold = serializers.IntegerField(
        help_text="Counts from 1 to this minus one are withheld."
    )
    columns = serializers.ListField(child=serializers.CharField())
    rows = StatsRowSerializer(many=True)
    note = serializers.CharField()
    description = serializers.CharField(help_text="Text alternative of the chart.")


class StatsSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()


class StatsOverviewSerializer(serializers.Serializer):
    total = StatsCellSerializer(help_text="People counted (statistics consent in force).")
    small_cell_threshold = serializers.IntegerField()
    sections = StatsSectionSerializer(many=True)
