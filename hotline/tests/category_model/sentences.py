"""Made-up but varied citizen sentences for a category, built from its keywords in the real tree."""

import csv
import random

from hotline.services.reference import DATA_DIR

OPENINGS = [
    "你好，",
    "我想反映一下，",
    "麻烦你们管管，",
    "我是小区居民，",
    "",
    "喂，我要投诉，",
    "请问一下，",
]
PLACES = ["我家楼下", "我们小区", "单位门口", "家附近", "朝阳区这边", "路口那里", "学校旁边"]
TIMES = ["这几天", "最近一直", "从上周开始", "今天早上", "好长时间了", "每天晚上"]
CLOSINGS = [
    "，希望尽快解决。",
    "，谢谢。",
    "，太影响生活了！",
    "。",
    "，打了好几次电话都没人管。",
    "，请派人来看看。",
]


def category_keywords(code: str) -> list[str]:
    with (DATA_DIR / "categories.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"] == code:
                return row["keywords"].split()
    raise KeyError(code)


def sentences(code: str, count: int, *, seed: int = 0) -> list[str]:
    """Two of the category's keywords among filler words, so no two sentences are the same."""
    words = category_keywords(code)
    generator = random.Random(f"{code}-{seed}")
    made: list[str] = []
    while len(made) < count:
        first, second = generator.sample(words, 2)
        sentence = (
            f"{generator.choice(OPENINGS)}{generator.choice(PLACES)}{generator.choice(TIMES)}"
            f"{first}，还有{second}{generator.choice(CLOSINGS)}"
        )
        if sentence not in made:
            made.append(sentence)
    return made


def labelled(codes: list[str], per_class: int, *, seed: int = 0) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for code in codes:
        texts += sentences(code, per_class, seed=seed)
        labels += [code] * per_class
    return texts, labels
