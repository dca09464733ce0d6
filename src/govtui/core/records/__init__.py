"""Learner records for organizers (1+41+N): what one learner did, and what many did together.

- `record`: the learner record (学习记录) as checksummed JSON, built from a progress Profile;
- `xapi`: the same history as xAPI 1.0.3 statements with deterministic ids;
- `lrs`: sending statements to a Learning Record Store and reading them back (urllib only);
- `rollup`: the organizer's roll-up by unit, track, exam and question, from files or an LRS;
- `writers`: the record and roll-up as CSV, Markdown and printable HTML.
"""
