"""Privacy-preserving record linkage: keyed Bloom-filter encodings of identities (CLKs), Dice
similarity with blocking. Pure Python and numpy, no Django; used for match queries between
partners (``haven.exchange``) and for local duplicate warnings (``haven.cases``).

Names are normalised first (``normalise``: diacritics, Hanzi -> pinyin, tones, romanisation
variants, family/given order), then encoded under a key derived per agreement (``encoding``),
then compared (``matching``). Only encodings and blocking tokens ever leave the encoder.
"""

from haven.exchange.linkage.encoding import (
    BITS,
    SCHEME,
    Encoding,
    Identity,
    derive_key,
    encode,
    encode_many,
)
from haven.exchange.linkage.matching import DEFAULT_THRESHOLD, Match, match, similarity

__all__ = [
    "BITS",
    "DEFAULT_THRESHOLD",
    "SCHEME",
    "Encoding",
    "Identity",
    "Match",
    "derive_key",
    "encode",
    "encode_many",
    "match",
    "similarity",
]
