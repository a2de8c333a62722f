"""US state outlines from the committed TopoJSON (already Albers-projected): no map service, nothing fetched."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from mbcstats.load import DEFAULT_DATA_DIR

STATES_FILE = Path("raw/geo/states-albers-10m.json")
STATES_SHA256 = "6e7bb086a3c791490361968a3094f377f7726c5d0c4900fec03cc42db2305a3d"

Ring = list[tuple[float, float]]


# The shapes are in screen units (about 975 x 610): a tenth of a unit is below a pixel at any size the map is
# drawn, and rounding to it makes the map's JSON, sent on every view of the map, several times smaller.
PRECISION = 1


def _decode_arcs(topology: dict) -> list[Ring]:
    """Quantized, delta-encoded arcs to absolute coordinates (TopoJSON specification, section 2.1.2)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for position, (dx, dy) in enumerate(arc):
            x, y = x + dx, y + dy
            point = (round(x * sx + tx, PRECISION), round(y * sy + ty, PRECISION))
            if position in (0, len(arc) - 1) or point != points[-1]:  # end points stay: the next arc starts there
                points.append(point)
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i reversed
        ring.extend(points[1:] if ring else points)  # consecutive arcs share their end point
    return ring


@lru_cache(maxsize=2)
def state_shapes(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, dict]:
    """FIPS code -> {"name": state name, "rings": [ring, ...]} in screen coordinates (y grows downward)."""
    path = Path(data_dir) / STATES_FILE
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != STATES_SHA256:
        raise ValueError(f"{path}: not the committed us-atlas file (sha256 differs)")
    topology = json.loads(raw)
    arcs = _decode_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        shapes[str(geometry["id"]).zfill(2)] = {"name": geometry["properties"]["name"], "rings": rings}
    return shapes
