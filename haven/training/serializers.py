"""API representations of the training app. Input serializers only validate; services write.
Choice fields are plain strings (OpenAPI enum names of several apps would collide)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from haven.training.services.workshops import MAX_ROWS

BILINGUAL = "Text in English (en) and Simplified Chinese (zh-hans)."


def text_field(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), help_text=BILINGUAL, **kwargs)


class WorkshopSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    title = serializers.CharField(read_only=True)
    title_zh = serializers.CharField(read_only=True)
    place = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    description = serializers.CharField(read_only=True)
    quiz = serializers.CharField(read_only=True)
    pre_test_open = serializers.BooleanField(read_only=True)
    post_test_open = serializers.BooleanField(read_only=True)
    case_studies = serializers.SerializerMethodField()

    def get_case_studies(self, workshop: Any) -> list[str]:
        return [a.case_study for a in workshop.assignments.all()]


class WorkshopWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    title_zh = serializers.CharField(max_length=200, required=False, allow_blank=True)
    place = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), help_text="Codes: en, zh-hans."
    )
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class WorkshopChangeSerializer(WorkshopWriteSerializer):
    pre_test_open = serializers.BooleanField(required=False)
    post_test_open = serializers.BooleanField(required=False)


class WorkshopEnrolSerializer(serializers.Serializer):
    trainees = serializers.ListField(
        child=serializers.CharField(max_length=254),
        allow_empty=False,
        max_length=MAX_ROWS,
        help_text="User names or e-mail addresses of trainee accounts of the organisation.",
    )


class WorkshopEnrolmentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    trainee = serializers.UUIDField(source="trainee_id", read_only=True)
    username = serializers.CharField(source="trainee.username", read_only=True)


class WorkshopEnrolResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    already = serializers.IntegerField()
    enrolments = WorkshopEnrolmentSerializer(many=True)


class WorkshopCaseStudiesSerializer(serializers.Serializer):
    case_studies = serializers.ListField(
        child=serializers.CharField(max_length=80),
        help_text="Case study ids, in the order the trainees should take them.",
    )


class TrainingIndicatorCountSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class WorkshopTraineeResultSerializer(serializers.Serializer):
    trainee = serializers.UUIDField()
    username = serializers.CharField()
    pre_test = serializers.IntegerField(allow_null=True, help_text="Percent correct.")
    post_test = serializers.IntegerField(allow_null=True, help_text="Percent correct.")
    exercises_submitted = serializers.IntegerField()
    exercises_assigned = serializers.IntegerField()
    mean_score = serializers.IntegerField(allow_null=True)
    outcome_matches = serializers.IntegerField()
    completed = serializers.BooleanField()


class CaseStudyResultSerializer(serializers.Serializer):
    case_study = serializers.CharField()
    submitted = serializers.IntegerField()
    outcome_matches = serializers.IntegerField()
    mean_score = serializers.IntegerField(allow_null=True)


class WorkshopResultsSerializer(serializers.Serializer):
    workshop = serializers.UUIDField()
    pre_test_average = serializers.IntegerField(allow_null=True)
    post_test_average = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    exercises_submitted = serializers.IntegerField()
    outcome_match_rate = serializers.IntegerField(allow_null=True)
    trainees = WorkshopTraineeResultSerializer(many=True)
    most_missed = TrainingIndicatorCountSerializer(many=True)
    most_wrongly_marked = TrainingIndicatorCountSerializer(many=True)
    case_studies = CaseStudyResultSerializer(many=True)


class WorkshopQuizQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = text_field()
    choices = serializers.ListField(child=serializers.DictField())


class WorkshopQuizSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField(help_text="pre or post.")
    open = serializers.BooleanField()
    title = text_field()
    questions = WorkshopQuizQuestionSerializer(many=True)


class WorkshopQuizAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(max_length=10),
        help_text="Question id to the chosen choice id; every question needs an answer.",
    )


class WorkshopQuizAttemptSerializer(serializers.Serializer):
    kind = serializers.CharField()
    quiz = serializers.CharField()
    correct = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()


class CaseStudyKeySerializer(serializers.Serializer):
    outcome = serializers.CharField()
    subject = serializers.DictField()
    indicators = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))
    teaching_points = serializers.ListField(child=serializers.DictField())


class CaseStudySerializer(serializers.Serializer):
    id = serializers.CharField()
    theme = serializers.CharField()
    look_alike = serializers.BooleanField()
    instrument = serializers.CharField()
    title = text_field()
    summary = text_field()
    vignette = serializers.ListField(child=serializers.DictField())
    key = CaseStudyKeySerializer(
        required=False, help_text="The expert key: only for trainers (Cap training.manage)."
    )


class TrainingExerciseRunSerializer(serializers.Serializer):
    case_study = serializers.CharField(max_length=80)
    workshop = serializers.UUIDField(
        required=False, allow_null=True, help_text="A workshop that assigns this case study."
    )
    answers = serializers.DictField(
        child=serializers.CharField(max_length=10),
        help_text="Indicator id to yes, no or unknown (unanswered = unknown).",
    )
    subject_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    subject_age_uncertain = serializers.BooleanField(required=False, default=False)
    question_language = serializers.CharField(max_length=10, required=False, default="en")


class TrainingExerciseSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    trainee = serializers.UUIDField(source="trainee_id", read_only=True)
    username = serializers.CharField(source="trainee.username", read_only=True)
    case_study = serializers.CharField(read_only=True)
    workshop = serializers.UUIDField(source="workshop_id", read_only=True, allow_null=True)
    instrument = serializers.CharField(read_only=True)
    instrument_version = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft or submitted.")
    started_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    subject_age = serializers.IntegerField(read_only=True, allow_null=True)
    subject_age_uncertain = serializers.BooleanField(read_only=True)
    answers = serializers.DictField(child=serializers.CharField(), read_only=True)
    outcome = serializers.CharField(read_only=True)
    key_outcome = serializers.CharField(read_only=True)
    outcome_match = serializers.BooleanField(read_only=True, allow_null=True)
    score = serializers.IntegerField(read_only=True, allow_null=True)
    found = serializers.ListField(child=serializers.CharField(), read_only=True)
    missed = serializers.ListField(child=serializers.CharField(), read_only=True)
    wrong = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Wrongly marked as yes."
    )
