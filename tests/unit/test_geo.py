"""The offline state shapes: every state, in screen units, rounded to a tenth without moving any outline."""

import json

import plotly.io as pio

from mbcstats import geo, place_blocks
from mbcstats.figures import FIGURE_TABLES, figure_table
from mbcstats.load import load_tables
from mbcstats.places import DETAIL_TABLES, detail_table
from tests.conftest import REPO_ROOT

TOPOLOGY = json.loads((REPO_ROOT / "data" / geo.STATES_FILE).read_text(encoding="utf-8"))


def exact_points() -> dict[str, list[tuple[float, float]]]:
    """Each state's points from the unrounded arcs (TopoJSON 2.1.2: quantized, delta-encoded), arc by arc."""
    (sx, sy), (tx, ty) = TOPOLOGY["transform"]["scale"], TOPOLOGY["transform"]["translate"]
    arcs = []
    for arc in TOPOLOGY["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    states = {}
    for geometry in TOPOLOGY["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        states[str(geometry["id"]).zfill(2)] = [point for polygon in polygons for ring in polygon for index in ring
                                                for point in arcs[index if index >= 0 else ~index]]
    return states


def test_every_state_of_the_file_is_there_with_its_name():
    shapes = geo.state_shapes()
    expected = {str(g["id"]).zfill(2): g["properties"]["name"] for g in TOPOLOGY["objects"]["states"]["geometries"]}
    assert {code: shape["name"] for code, shape in shapes.items()} == expected
    assert len(shapes) == 51 and shapes["06"]["name"] == "California"


def test_rounding_to_a_tenth_moves_no_outline_by_more_than_half_a_tenth():
    shapes = geo.state_shapes()
    for code, exact in exact_points().items():
        x0, y0 = min(p[0] for p in exact), min(p[1] for p in exact)
        x1, y1 = max(p[0] for p in exact), max(p[1] for p in exact)
        points = [point for ring in shapes[code]["rings"] for point in ring]
        assert all(round(x, 1) == x and round(y, 1) == y for x, y in points)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        assert abs(min(xs) - x0) <= 0.05 + 1e-9 and abs(max(xs) - x1) <= 0.05 + 1e-9, code
        assert abs(min(ys) - y0) <= 0.05 + 1e-9 and abs(max(ys) - y1) <= 0.05 + 1e-9, code


def test_rings_stay_closed_and_rounded_duplicates_go_once():
    """Every ring stays closed, and points that round together are sent once."""
    shapes = geo.state_shapes()
    for shape in shapes.values():
        assert all(ring[0] == ring[-1] for ring in shape["rings"]), shape["name"]
    sent = sum(len(ring) for shape in shapes.values() for ring in shape["rings"])
    exact = sum(len(points) for points in exact_points().values())  # counts each joint of two arcs twice, keeps repeats
    assert sent < exact


def test_the_state_map_sent_to_the_browser_stays_small():
    package = load_tables(list(dict.fromkeys([*FIGURE_TABLES, *DETAIL_TABLES])))
    block = place_blocks.state_map(figure_table(package), detail_table(package), "29-2072", "median", "annual")
    assert len(pio.to_json(block.figure, validate=False)) < 200_000  # 362 KB before the coordinates were rounded
