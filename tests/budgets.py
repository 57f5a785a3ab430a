"""Every budget in one place: size budgets are asserted by tests, timing targets reported by `make bench`."""

# Sizes (bytes, gzip), deterministic: tests fail when they are exceeded.
LOADER_GZIP_MAX = 1536
FIRST_QUESTION_GZIP_MAX = 12 * 1024
TYPEFORM_EMBED_LOADER_GZIP = 14_700  # a recorded figure, for scale

# The answer sets of one assessment, all walked by the content gates, are a content gate of their own:
# ANSWER_SETS_MAX in chalicelib/authoring/gates/walk.py, so `validate` and `publish` refuse an assessment over it.

# Timing targets, as ratios to references measured in the same benchmark run (never asserted in tests).
# Re-set by the owner on the measured evidence for bilingual content (issues 11 and 15 were blocked at 1.3x,
# 3x and 1.5x): clarity first, microseconds second. What we hold ourselves to beyond these: the phone comparison
# (throttled 4G, against the static frame and SurveyJS) and a cold start that does not grow with the library.
COLD_START_MAX_RATIO = 1.5
COLD_S3_REQUESTS_MAX = 2  # the index (current.json) and the assessment asked for
WARM_POST_MAX_RATIO = 4.0
WARM_GET_MAX_RATIO = 2.0
FIRST_QUESTION_MAX_RATIO = 2.0  # script tag -> first question, on loopback, against a static page framing HTML

# The library's size (issue 24): a synthetic library of this many assessments against the real one.
SCALE_ASSESSMENTS = 60
SCALE_COLD_START_MAX_RATIO = 1.15
SCALE_WARM_MAX_RATIO = 1.1  # warm requests must not grow with the library; 10% is this machine's noise

# How the cold-start benchmark configures the app: content from the bundle baked into the package.
COLD_START_ENV = {"CONTENT_SOURCE": "baked"}
