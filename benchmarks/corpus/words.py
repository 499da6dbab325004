"""The corpus's vocabulary: places, people, publishers, rockets, and small text helpers."""

from __future__ import annotations

import random
import re

from .rules import normalise_text


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MON_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --------------------------------------------------------------------------- vocabulary

SYL_A = ["Vos", "Ar", "Bel", "Kir", "Zar", "Tol", "Mir", "Sev", "Ok", "Yan", "Bor", "Lud", "Nov", "Tem", "Ur",
         "Kam", "Pol", "Sar", "Vel", "Dal", "Khab", "Ner", "Chu", "Bly", "Zel", "Ost", "Gor", "Iv", "Pech", "Sob"]
SYL_B = ["to", "ka", "ne", "ri", "lo", "sha", "vi", "ra", "mo", "de", "go", "lu", "ze", "ty", "ba"]
SYL_C = ["chny", "vsk", "grad", "nsk", "vo", "ino", "ovka", "sk", "ya", "tsk", "rovo", "evo", "insk", "oye"]
KINDS = ["Cosmodrome", "Spaceport", "Launch Centre", "Test Range", "Space Centre"]
FIRST = ["Vladimir", "Anna", "Sergei", "Olga", "Dmitry", "Yuri", "Elena", "Mikhail", "Irina", "Guy", "Sarah",
         "James", "Maria", "Pavel", "Natalia", "Alexei", "Tatiana", "John", "Laura", "Kim", "Oleg", "Svetlana",
         "Andrei", "Polina", "Daniel", "Hannah", "Arkady", "Lyudmila", "Viktor", "Ekaterina"]
LAST = ["Petrov", "Ivanova", "Faulconbridge", "Sokolov", "Kuznetsova", "Morozov", "Volkov", "Lebedeva", "Novak",
        "Harris", "Chen", "Park", "Okafor", "Schmidt", "Rossi", "Nakamura", "Dubois", "Kowalski", "Silva",
        "Jensen", "Borisov", "Zakharova", "Orlov", "Fedorova", "Popov", "Mendez", "Lindqvist", "O’Brien",
        "D’Souza", "Romanova"]
ROLES = ["the head of the space agency", "a former cosmonaut", "the regional governor", "a defence analyst",
         "a Kremlin spokesman", "an independent space historian", "the site’s chief engineer",
         "a senior researcher at the academy", "the deputy prime minister", "a local council member"]
ORGS = ["Roscosmos", "the space agency", "the regional government", "the defence ministry", "state auditors",
        "the Kremlin", "the Audit Chamber", "prosecutors", "local officials", "the main contractor",
        "the finance ministry", "an industry group"]
COUNTRIES = ["Russia", "Kazakhstan", "Mongolia", "China", "Japan", "North Korea"]
PUBLISHERS = ["The Amur Courier", "Northern Wire", "Pacific Ledger", "Eastern Dispatch", "The Orbital Review",
              "Steppe News", "Harbour Times", "Daily Meridian", "Taiga Tribune", "Far East Monitor",
              "Continental Press", "The Evening Standard-Bearer", "Baltic Observer", "Wire Services Group"]
ROCKETS = ["Soyuz-2.1b", "Soyuz-2.1a", "Angara-A5", "Proton-M", "Soyuz-2", "Angara-1.2"]
ADJ = ["remote", "dense", "frozen", "vast", "marshy", "sparsely populated", "wind-swept", "largely untouched",
       "low-lying", "hilly"]
NOUNS = ["launch pad", "assembly building", "housing estate", "fuel depot", "railway spur", "control centre",
         "airfield", "water treatment plant", "hotel for engineers", "museum of spaceflight", "power line",
         "cargo terminal"]
MEANINGS = ["Eastern Cosmodrome", "Northern Gate", "Gate to the Stars", "Free City", "New Dawn", "Far Harbour"]
PHRASES = ["pet project", "window to space", "a monument to ambition", "the spaceport of the future",
           "a national priority", "money pit", "the pride of the region", "our Baikonur", "a white elephant",
           "the new frontier"]
VERBS = ["praised", "criticised", "defended", "questioned", "toured", "inspected", "championed", "visited"]
PURPOSES = ["to inspect the new launch pad", "for talks on space cooperation", "to watch a launch",
            "to meet the engineers", "for a ceremony marking the first flight", "to review delayed works",
            "to present state awards", "to open a new assembly building"]
REASONS = ["to reduce reliance on the Baikonur Cosmodrome in Kazakhstan",
           "to give the country a launch site on its own soil",
           "to revive the economy of the Far East", "to launch heavier satellites into orbit",
           "to keep engineers and their families in the region", "to replace an ageing Soviet test range"]
SECTION_TITLES = {
    "where": "What and where it is",
    "history": "Why it was built",
    "launches": "Launches",
    "money": "Money and scandals",
    "visits": "Visits and meetings",
    "reactions": "What people say",
}


def name(rng: random.Random) -> str:
    return rng.choice(SYL_A) + rng.choice(SYL_B) + rng.choice(SYL_C)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise_text(text).replace("'", "").lower()).strip("-")


def an(word: str) -> str:
    """Return the indefinite article for ``word`` as it is read aloud ("an Angara", "an 83-metre")."""
    return "an" if word[:1] in "AEIOUaeiou8" or (word.startswith(("11", "18")) and len(word.split("-")[0]) == 2) else "a"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- figures as the press writes them
