"""`flask --app cafe demo`: a full café filled with real community comments, to see cafe in seconds."""
from __future__ import annotations

import csv
import os
import random
from pathlib import Path

from cafe import services

DATA = Path(os.environ.get("CAFE_SHARED_DATA",
                           Path(__file__).resolve().parents[3] / "shared" / "data"))
COMMENTS = DATA / "polis-bowling-green" / "comments.csv"
QUESTION = ("What do you believe should change in Bowling Green/Warren County in order to make "
            "it a better place to live, work and spend time?")


def load_comments(path: Path = COMMENTS) -> list[str]:
    """Accepted comments of the Bowling Green civic conversation (Polis open data, CC BY 4.0)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["comment-body"].strip() for row in csv.DictReader(handle)
                if row["moderated"] != "-1" and row["comment-body"].strip()]


def build_demo(*, people: int, tables: int, rounds: int, play_rounds: int, seed: int = 0):
    """Create, open and play a café through `play_rounds` rounds; returns the café."""
    comments = load_comments()
    rng = random.Random(seed)
    rng.shuffle(comments)
    groups = list(services.DEFAULT_GROUPS)
    cafe = services.create_cafe(
        title="Bowling Green / Warren County (demo)", questions=[QUESTION],
        tables=[services.TableSpec(name=str(i + 1), colour="") for i in range(tables)],
        round_minutes=20, num_rounds=rounds, groups=groups)
    cafe = services.open_cafe(cafe.id, cafe.version)
    weights = [0.55, 0.2, 0.2, 0.05]
    members = [services.join_cafe(cafe.join_code, name="", group=rng.choices(groups, weights)[0],
                                  can_host=rng.random() < 0.3, language="en",
                                  languages={"en": "English"}) for _ in range(people)]
    for position in range(min(tables, len(members))):
        services.set_host(cafe.id, position, members[position].id)
    per_round = -(-len(comments) // max(1, play_rounds))          # every comment is used once
    for round_no in range(1, play_rounds + 1):
        cafe = services.start_round(cafe.id, services.get_cafe(cafe.id).version)
        batch = comments[(round_no - 1) * per_round: round_no * per_round]
        for i, text in enumerate(batch):
            author = members[i % len(members)]
            services.submit_note(author, f"demo-{round_no}-{i:05d}", text[:500], round_no)
        cafe = services.end_round(cafe.id, services.get_cafe(cafe.id).version)
        if round_no < rounds and round_no < play_rounds:
            cafe = services.rotate(cafe.id, cafe.version)
    return cafe

