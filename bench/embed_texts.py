"""Writes N lines of English prose of about 128 WordPiece tokens each (MiniLM's tokenizer), for
the sentence-embedding benchmark:  embed_texts.py FILE [N]"""
import random
import sys

words = ("the model reads each sentence and returns a vector that places similar meanings close together so that search "
         "and clustering work on meaning rather than spelling while drift in the inputs shows up as movement of these "
         "vectors over time engineers compare runs register versions and watch production data every day").split()
rng = random.Random(7)
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
with open(sys.argv[1], "w") as f:
    for _ in range(count):
        f.write(" ".join(rng.choice(words) for _ in range(118)).capitalize() + ".\n")
