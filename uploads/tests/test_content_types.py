"""What a file is, from its bytes: every accepted type is recognised, and a file whose bytes do
not match its extension is not (a text file called .webp above all)."""

import re

import pytest

from hotline.attachments import KINDS
from uploads.content_types import (
    EXTENSION_TYPES,
    TYPE_EXTENSIONS,
    confirmed_type,
    download_name,
    image_type,
    sniffed_type,
)
from uploads.storage_names import RandomName

PAD = b"\x00" * 32
HEADS = {
    "a.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + PAD,
    "a.JPEG": b"\xff\xd8\xff\xe1" + PAD,
    "a.png": b"\x89PNG\r\n\x1a\n" + PAD,
    "a.gif": b"GIF89a" + PAD,
    "a.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + PAD,
    "a.mp3": b"ID3\x04\x00" + PAD,
    "b.mp3": b"\xff\xfb\x90\x64" + PAD,
    "a.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + PAD,
    "a.amr": b"#!AMR\n" + PAD,
    "a.m4a": b"\x00\x00\x00\x20ftypM4A " + PAD,
    "a.pdf": b"%PDF-1.7\n" + PAD,
    "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + PAD,
    "a.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + PAD,
    "a.docx": b"PK\x03\x04\x14\x00\x06\x00" + PAD,
    "a.xlsx": b"PK\x03\x04\x14\x00\x06\x00" + PAD,
    "a.txt": "小区门口路灯不亮，请尽快处理。\r\n".encode(),
    "gbk.txt": "小区门口路灯不亮".encode("gb18030"),
}
MISMATCHES = {
    "text called webp": ("photo.webp", b"hello, this is not an image at all"),
    "wave called webp": ("photo.webp", HEADS["a.wav"]),
    "png called jpg": ("photo.jpg", HEADS["a.png"]),
    "text called mp3": ("voice.mp3", b"just some words"),
    "html called amr": ("voice.amr", b"<html><script>alert(1)</script></html>"),
    "png called pdf": ("letter.pdf", HEADS["a.png"]),
    "text called docx": ("letter.docx", b"plain words"),
    "zip called doc": ("letter.doc", HEADS["a.docx"]),
    "executable called txt": ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00"),
    "aac called mp3": ("voice.mp3", b"\xff\xf1\x50\x80" + PAD),
    "empty png": ("photo.png", b""),
}


@pytest.mark.parametrize("name", HEADS)
def test_every_accepted_type_is_recognised_from_its_bytes(name):
    assert confirmed_type(name=name, head=HEADS[name]) == EXTENSION_TYPES[name[name.rindex(".") :].lower()]


@pytest.mark.parametrize("case", MISMATCHES)
def test_bytes_that_do_not_match_the_extension_are_refused(case):
    name, head = MISMATCHES[case]
    assert confirmed_type(name=name, head=head) is None


def test_every_extension_a_ticket_accepts_has_a_checked_type():
    accepted = set().union(*KINDS.values())
    assert accepted <= set(EXTENSION_TYPES)
    assert {name[name.rindex(".") :].lower() for name in HEADS} >= accepted


def test_images_are_told_by_their_bytes_whatever_their_name():
    assert image_type(HEADS["a.webp"]) == "image/webp"
    assert image_type(HEADS["a.wav"]) is None
    assert image_type(HEADS["a.pdf"]) is None
    assert sniffed_type(b"RIFF\x00\x00\x00\x00AVI ") is None


class Photo:
    content_type = "image/jpeg"


def test_storage_names_are_random_and_keep_nothing_of_the_original_name():
    upload_to = RandomName("whistles")
    first, second = upload_to(Photo(), "身份证照片.png"), upload_to(Photo(), "身份证照片.png")
    assert re.fullmatch(r"whistles/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg", first)
    assert first != second and "身份证" not in first and ".png" not in first
    assert upload_to(object(), "x.exe").endswith(".bin")


def test_the_name_offered_ends_like_the_type_served():
    assert download_name("身份证照片.png", "image/png") == "身份证照片.png"
    assert download_name("evil.html", "image/jpeg") == "evil.html.jpg"
    assert all(EXTENSION_TYPES[suffix] == content_type for content_type, suffix in TYPE_EXTENSIONS.items())
