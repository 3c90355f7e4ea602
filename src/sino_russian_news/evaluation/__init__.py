"""Evaluation against the development sets in `../shared/eval/` (`make eval`).

`extraction`: cleaning and metadata against gold article bodies (4-token shingle F1);
`quotes`: quotes and speakers against gold attributions. The sets themselves are never
copied into the repository (their licences do not allow it); when they are absent the
commands say so and exit cleanly.
"""
