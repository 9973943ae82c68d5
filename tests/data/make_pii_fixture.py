#!/usr/bin/env python3
"""A labelled PII set for tst_eval, and what presidio-analyzer's pattern recognizers find in it.

Sentences are made from templates with generated values (seeded, so the file is the same each
time): e-mail addresses; phone numbers in US, UK, German and French formats; card numbers that
pass the Luhn check (Visa, Mastercard, Amex; spaced, dashed or plain); IBANs with valid mod-97
check digits (DE, GB, FR, NL, ES; grouped or plain); IPv4 and IPv6 addresses; US social security
numbers; UK National Insurance numbers; and sentences with none of them but with what looks
close (versions, dates, prices, order and ISBN numbers, a card number that fails Luhn, an IBAN
with wrong check digits, an SSN in a never-issued range). Every label is a character span
(the texts are ASCII, so characters are bytes).

presidio-analyzer's recognizers run one by one (EmailRecognizer, PhoneRecognizer,
CreditCardRecognizer, IbanRecognizer, IpRecognizer, UsSsnRecognizer, UkNinoRecognizer) without
an NLP engine, so no context words raise their scores; every result is kept, as
AnalyzerEngine's default score_threshold of 0 keeps them.

  python3 -m venv /tmp/evalpeers && /tmp/evalpeers/bin/pip install presidio-analyzer
  /tmp/evalpeers/bin/python tests/data/make_pii_fixture.py
"""
import json
import os
import random
from importlib.metadata import version

from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer,
                                                      PhoneRecognizer, UkNinoRecognizer, UsSsnRecognizer)

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261202)

FIRST = ["jane", "omar", "li", "sven", "amelie", "raj", "chloe", "tom", "ines", "kofi"]
LAST = ["doe", "haddad", "wei", "larsen", "durand", "patel", "martin", "okafor", "garcia", "mensah"]
DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "uni-example.de", "example.co.uk"]


def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(rng.randint(0, 9))
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def iban(country, bban):
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


def digits(n):
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def letters(n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def grouped(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def email():
    f, l = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice([f"{f}.{l}@{rng.choice(DOMAINS)}", f"{f}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}", f"{f}_{l}+news@{rng.choice(DOMAINS)}"])


def phone():
    return rng.choice([
        f"+1 212-555-{rng.randint(100, 199):04d}", f"(415) 555-{rng.randint(100, 199):04d}", f"+44 20 7946 {rng.randint(0, 999):04d}",
        f"020 7946 {rng.randint(0, 999):04d}", f"+49 30 {rng.randint(10000000, 99999999)}", f"+33 1 42 68 {rng.randint(10, 99)} {rng.randint(10, 99)}",
    ])


def card():
    number = rng.choice([luhn_complete("4", 16), luhn_complete(str(rng.randint(51, 55)), 16), luhn_complete(rng.choice(["34", "37"]), 15)])
    if len(number) == 15:
        return rng.choice([number, f"{number[:4]} {number[4:10]} {number[10:]}"])
    return rng.choice([number, grouped(number), grouped(number, "-")])


def iban_value():
    value = rng.choice([
        iban("DE", digits(18)), iban("GB", letters(4) + digits(14)), iban("FR", digits(10) + letters(1) + digits(10) + digits(2)),
        iban("NL", letters(4) + digits(10)), iban("ES", digits(20)),
    ])
    return rng.choice([value, grouped(value)])


def ip():
    if rng.random() < 0.7:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return rng.choice(["2001:db8::" + format(rng.randint(1, 65535), "x"), "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"])


def ssn():
    area = rng.choice([rng.randint(1, 665), rng.randint(667, 899)])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def nino():
    # HMRC's rules: D, F, I, Q, U, V never; O not second; BG, GB, NK, KN, TN, NT, ZZ never issued.
    while True:
        first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    return f"{first}{second} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.choice('ABCD')}"


TEMPLATES = {
    "email": (email, ["Please write to {} about the invoice.", "Contact: {}", "cc {} on the thread", "Her address is {}."]),
    "phone": (phone, ["Call me on {} tomorrow.", "Phone: {}", "The office number is {}.", "Reach support at {} after 9am."]),
    "credit_card": (card, ["Card number {} expires 12/29.", "Charge it to {} please.", "Payment card: {}"]),
    "iban": (iban_value, ["Transfer to IBAN {} by Friday.", "Account {}", "Refund to {}, thanks."]),
    "ip_address": (ip, ["The server at {} is down.", "Requests came from {} overnight.", "Allow {} in the firewall."]),
    "us_ssn": (ssn, ["SSN {} is on file.", "Social security number: {}"]),
    "uk_nino": (nino, ["NI number {} on the payslip.", "National Insurance: {}"]),
}

NEGATIVES = [
    "Version 1.2.3 shipped on 2024-05-01.", "The meeting is at 10:30 in room 4.", "We sold 1500 units for 30000 dollars in 2023.",
    "The laptop costs $1,299.99 before tax.", "Order 4111-1111 is on its way.", "ISBN 978-3-16-148410-0 is in stock.",
    "Upgrade to release 10.0.0 first.", "The ratio was 3.14159 at step 200000.", "Invoice 2024/0001 is due on 31.01.2025.",
    "Temperature rose from 12.5 to 17.25 degrees.", "Population: 8,336,817 people.", "Use port 8080 and timeout 30000.",
    "Card number 4111 1111 1111 1112 was rejected.", "The IBAN DE89 3704 0044 0532 0130 01 has a typo.", "Tracking code 1Z999AA10123456784.",
    "SSN 666-12-3456 was never issued.", "SSN 000-12-3456 is not valid.", "The build took 1h 23m 45s.", "Coordinates 48.8584, 2.2945.",
    "The score improved from 0.812 to 0.857.", "Room 12-34-56 is on the third floor.", "Batch size 64, learning rate 3e-4, 12 epochs.",
    "Patch 2.4.10 fixes bug 123456.", "The firmware is 4.19.0-26-amd64.", "Shipment 2025-11-30T08:15:00Z arrived.",
    "The model has 135 million parameters.", "Grid cell A1:B20 holds the data.", "Call the function with n=1000000.",
    "The ticket is JIRA-4521.", "Chapter 3, section 2.1, paragraph 4.",
]

examples = []
for kind, (make, templates) in TEMPLATES.items():
    for i in range(24):
        value = make()
        template = templates[i % len(templates)]
        text = template.format(value)
        begin = text.index(value)
        examples.append({"text": text, "labels": [{"kind": kind, "begin": begin, "end": begin + len(value)}]})
# Two kinds in one sentence.
for i in range(16):
    a, b = email(), phone()
    text = f"Reach {a} or {b} for access."
    examples.append({"text": text, "labels": [{"kind": "email", "begin": text.index(a), "end": text.index(a) + len(a)},
                                             {"kind": "phone", "begin": text.index(b), "end": text.index(b) + len(b)}]})
for text in NEGATIVES:
    examples.append({"text": text, "labels": []})

KIND = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card", "IBAN_CODE": "iban", "IP_ADDRESS": "ip_address",
        "US_SSN": "us_ssn", "UK_NINO": "uk_nino"}
recognizers = [EmailRecognizer(), PhoneRecognizer(), CreditCardRecognizer(), IbanRecognizer(), IpRecognizer(), UsSsnRecognizer(),
               UkNinoRecognizer()]
for e in examples:
    assert e["text"].isascii(), e["text"]
    found = []
    for r in recognizers:
        for res in r.analyze(e["text"], r.supported_entities, None):
            found.append({"kind": KIND[res.entity_type], "begin": res.start, "end": res.end, "score": round(res.score, 4)})
    e["presidio"] = sorted(found, key=lambda f: (f["begin"], f["kind"]))

out = {"generator": "tests/data/make_pii_fixture.py", "presidio_analyzer": version("presidio-analyzer"), "examples": examples}
path = os.path.join(HERE, "eval", "pii_labelled.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=True)
    f.write("\n")
print(f"wrote {path}: {len(examples)} examples, {sum(len(e['labels']) for e in examples)} labels")
