"""Small helpers for inspecting chunks."""


def overlap(a: str, b: str) -> int:
    """Length of the longest suffix of a that is a prefix of b."""
    for n in range(min(len(a), len(b)), 0, -1):
        if a.endswith(b[:n]):
            return n
    return 0


def summarize(chunks):
    sizes = [len(c) for c in chunks]
    return {"count": len(sizes), "min": min(sizes), "max": max(sizes)}
