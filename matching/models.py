"""Match runs and their results, the candidate pipeline, and the versions of the scoring model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScoringModel(models.Model):
    """One version of the re-ranking weights: the defaults, or a refit from factory HR feedback."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    weights = models.JSONField(_("weights"))
    training_size = models.PositiveIntegerField(_("training examples"), default=0)
    auc_holdout = models.FloatField(_("held-out AUC"), null=True, blank=True)
    baseline_auc = models.FloatField(_("held-out AUC of the previous weights"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_scoring_model"
            )
        ]

    def __str__(self) -> str:
        return self.version


class MatchRun(models.Model):
    """A scoring of a pilot city's open vacancies against its workers, in chunks, published at the end."""

    class Kind(models.TextChoices):
        CITY = "city", _("Whole city")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")
        SUPERSEDED = "superseded", _("Superseded")

    ACTIVE_STATUSES = (Status.PENDING, Status.RUNNING, Status.PUBLISHING)

    city = models.ForeignKey("pilots.PilotCity", on_delete=models.CASCADE, related_name="match_runs")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    scoring_model = models.ForeignKey(
        ScoringModel, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    workers_count = models.PositiveIntegerField(_("workers"), default=0)
    vacancies_count = models.PositiveIntegerField(_("vacancies"), default=0)
    shortlist_rows = models.PositiveIntegerField(_("shortlist rows"), default=0)
    recommendation_rows = models.PositiveIntegerField(_("recommendation rows"), default=0)
    timings = models.JSONField(_("timings (s)"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A second start for the same city fails on this index instead of racing the first.
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(status__in=["pending", "running", "publishing"]),
                name="one_active_match_run_per_city",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} #{self.pk} {self.status}"

    @property
    def progress(self) -> float:
        """Share of chunks scored, 0–1."""
        return self.chunks_done / self.chunks_total if self.chunks_total else 0.0


class MatchChunk(models.Model):
    """One slice of a run's vacancies, scored by one task; its rows and its "done" mark commit together."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField(_("index"))
    vacancy_ids = models.JSONField(_("vacancies"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    timings = models.JSONField(_("timings (s)"), default=dict, blank=True)
    scored_by = models.CharField(_("scored by (worker)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("match chunk")
        verbose_name_plural = _("match chunks")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="match_chunk_unique_per_run")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.index} {self.status}"


class CurrentRun(models.Model):
    """The run a city's readers see; moved in one transaction when a run is published."""

    city = models.OneToOneField(
        "pilots.PilotCity", on_delete=models.CASCADE, related_name="current_match_run"
    )
    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("current match run")
        verbose_name_plural = _("current match runs")

    def __str__(self) -> str:
        return f"{self.city_id} → {self.run_id}"


class Match(models.Model):
    """One scored candidate–vacancy pair of a run, with the parts of its score that explain it.

    A city run writes millions of these at once, so each row touches one index, in the order it is
    written (shortlists sorted by vacancy, recommendations by worker), and no foreign-key constraint:
    per-row constraint checks and random index inserts made COPY several times slower. The ids come
    from rows read in the same run; a run's rows are deleted with it by match_runs_prune, and Django
    deletes a vacancy's or worker's rows with them (on_delete is applied by the ORM).
    """

    class Direction(models.TextChoices):
        SHORTLIST = "s", _("Vacancy shortlist")
        RECOMMENDATION = "r", _("Worker recommendation")

    class Trade(models.IntegerChoices):
        """How the worker's trade relates to the vacancy's (the engine's occupations.TRADE_* codes)."""

        SAME = 0, _("Same occupation")
        SAME_PAST = 1, _("Same occupation, held before")
        RELATED = 2, _("Related trade")
        UNRELATED = 3, _("Other trade")
        UNKNOWN = 4, _("Occupation not given")

    run = models.ForeignKey(
        MatchRun, on_delete=models.DO_NOTHING, related_name="matches", db_index=False, db_constraint=False
    )
    direction = models.CharField(_("direction"), max_length=1, choices=Direction.choices)
    vacancy = models.ForeignKey(
        "enterprises.Vacancy",
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    worker = models.ForeignKey(
        "talent.WorkerProfile",
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    skills_part = models.FloatField(default=0)
    occupation_part = models.FloatField(default=0)
    certificate_part = models.FloatField(default=0)
    experience_part = models.FloatField(default=0)
    pay_part = models.FloatField(default=0)
    distance_part = models.FloatField(default=0)
    shift_part = models.FloatField(default=0)
    form_part = models.FloatField(default=0)
    level_part = models.FloatField(default=0)
    trade = models.PositiveSmallIntegerField(_("trade"), choices=Trade.choices, default=Trade.UNKNOWN)
    trade_occupation = models.ForeignKey(
        "talent.Occupation",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name=_("the worker's trade behind it"),
    )
    matched_required = models.PositiveSmallIntegerField(_("required skills met"), default=0)
    required_total = models.PositiveSmallIntegerField(_("required skills"), default=0)
    distance_km = models.FloatField(_("distance (km)"), default=0)
    pay_fit = models.FloatField(_("pay fit"), default=0)

    PART_FIELDS = (
        "skills_part",
        "occupation_part",
        "certificate_part",
        "experience_part",
        "pay_part",
        "distance_part",
        "shift_part",
        "form_part",
        "level_part",
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # A vacancy's shortlist in a run: one row per worker, read in rank order.
            models.UniqueConstraint(
                fields=["run", "vacancy", "worker"],
                condition=Q(direction="s"),
                name="match_shortlist_pair_unique",
            ),
            # A worker's recommendations in a run: one row per vacancy.
            models.UniqueConstraint(
                fields=["run", "worker", "vacancy"],
                condition=Q(direction="r"),
                name="match_recommendation_pair_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id}×{self.worker_id} #{self.rank} {self.score:.3f}"

    def trade_reason(self) -> str:
        """The first reason of a line: the worker's trade against the vacancy's, naming it."""
        name = self.trade_occupation.name if self.trade_occupation_id and self.trade_occupation else ""
        if self.trade == self.Trade.SAME:
            return _("Same occupation: %(name)s") % {"name": name} if name else str(_("Same occupation"))
        if self.trade == self.Trade.SAME_PAST:
            return _("Worked as %(name)s before") % {"name": name}
        if self.trade == self.Trade.RELATED:
            return _("Related trade: %(name)s") % {"name": name}
        if self.trade == self.Trade.UNRELATED:
            return _("Other trade: %(name)s") % {"name": name}
        return str(_("Occupation not given"))


class Application(models.Model):
    """A worker's candidacy for a vacancy, whatever its source; one per worker and vacancy."""

    class Source(models.TextChoices):
        APPLIED = "applied", _("Worker applied")
        REFERRED = "referred", _("Agency referred")
        SUGGESTED = "suggested", _("Suggested by matching")

    class Stage(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        INVITED = "invited", _("Invited to apply")
        APPLIED = "applied", _("Applied")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEWING = "interviewing", _("Interviewing")
        OFFERED = "offered", _("Offered")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined the invitation")

    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey("enterprises.Vacancy", on_delete=models.CASCADE, related_name="applications")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    referred_by = models.ForeignKey(
        "agencies.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    match_score = models.FloatField(_("match score when created"), null=True, blank=True)
    match_features = models.JSONField(_("match parts when created"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "vacancy"], name="application_once_per_worker_and_vacancy"
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["rejected", "withdrawn"]) | ~Q(reason=""),
                name="application_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["vacancy", "stage"], name="application_vacancy_stage")]

    def __str__(self) -> str:
        return f"{self.worker_id} → {self.vacancy_id} ({self.stage})"

    # The stages a worker may still take back (pipeline.TRANSITIONS says the same; a test keeps them equal).
    WITHDRAWABLE_STAGES = ("applied", "shortlisted", "interviewing", "offered")

    @property
    def can_withdraw(self) -> bool:
        """Whether the worker may still withdraw: shown as a button on their pages."""
        return self.stage in self.WITHDRAWABLE_STAGES


class ApplicationEvent(models.Model):
    """One move of an application through the pipeline, by whom and why (append-only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(_("from"), max_length=12, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Application.Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage or '∅'} → {self.to_stage}"


class Interview(models.Model):
    """A meeting set for a candidate in the interview stage: when, how, where, whom to ask for.

    Factory HR (or the agency running the vacancy) proposes it; the worker confirms it or asks for another
    time; staff may move or cancel it. One open interview per application at a time: a change moves it,
    a cancelled one stays as history.
    """

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        PHONE = "phone", _("By phone")
        VIDEO = "video", _("By video call")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the worker to confirm")
        CONFIRMED = "confirmed", _("Confirmed by the worker")
        RESCHEDULE = "reschedule", _("The worker asks for another time")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PROPOSED, Status.CONFIRMED, Status.RESCHEDULE)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    starts_at = models.DateTimeField(_("time"))
    mode = models.CharField(_("how"), max_length=8, choices=Mode.choices, default=Mode.ON_SITE)
    place = models.CharField(_("place"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    note = models.CharField(_("note for the worker"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    worker_note = models.CharField(_("the worker's message"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=~Q(status="cancelled"),
                name="interview_one_open_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(mode="on_site") | ~Q(place=""), name="interview_on_site_has_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class JobMark(models.Model):
    """A worker's own mark on a job: saved for later, or not interested.

    Not interested hides the job from the worker's recommendations at once and keeps the match parts
    the engine gave the pair, so the nightly refit of the scoring weights learns from it as a negative.
    """

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        NOT_INTERESTED = "not_interested", _("Not interested")

    worker = models.ForeignKey("talent.WorkerProfile", on_delete=models.CASCADE, related_name="job_marks")
    vacancy = models.ForeignKey("enterprises.Vacancy", on_delete=models.CASCADE, related_name="worker_marks")
    kind = models.CharField(_("mark"), max_length=16, choices=Kind.choices)
    match_score = models.FloatField(_("match score when marked"), null=True, blank=True)
    match_features = models.JSONField(_("match parts when marked"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job mark")
        verbose_name_plural = _("job marks")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="job_mark_once_per_worker_and_vacancy")
        ]
        indexes = [models.Index(fields=["worker", "kind"], name="job_mark_worker_kind")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.kind} {self.vacancy_id}"
