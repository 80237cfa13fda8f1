"""The course's maintainer tools (not part of the installed package): `python -m tools --help`.

catalogue  what the course is made of: paths, the course's home, notebooks, shared limits
learner    learner notebooks from solution notebooks (the one-source scheme)
sync       every derived file, written from its sources (`make sync`, `make sync-check`)
runner     runs a notebook in a fresh kernel and stores what it recorded (`make execute`)
bench      the course benchmark (`make bench`)
claims     training claims over seeds 42, 1, 2 (`make claims`: benchmarks/claims.json)
slides     reveal.js decks, contact sheets and the slide budget (`make slides`)
rise       the course's RISE key settings for JupyterLab (`make install`, `make lab`)
lint       the anatomy every notebook follows (`make lint`)
quoted_numbers  numbers the prose quotes that no output prints
figures    the diagrams in img/ (`make figures`)
fresh_check     the README's quickstart in a clean clone (before a release)

Imports go one way: catalogue <- learner, slides, quoted_numbers <- sync <- runner <- bench, claims;
lint, figures and fresh_check stand on catalogue alone; rise on nothing.
"""
