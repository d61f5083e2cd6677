"""``flask matcher suggest|train|evaluate`` print what the web pages would suggest."""
import json

from web.matching.engine import model_path

from .conftest import open_proposal


def test_suggest_json_has_the_documented_shape(app, db, town, volunteers, young):
    sara, ida = young("Sara Jensen"), young("Ida Berg", wishes="sygeplejerske")
    open_proposal(db, young("Has Proposal"), [volunteers[3]])  # not waiting: left out
    result = app.test_cli_runner().invoke(args=["matcher", "suggest", "--municipality", "stevns",
                                                "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {d["citizen"] for d in data} == {sara.external_id, ida.external_id}
    external = {v.external_id for v in volunteers}
    for entry in data:
        assert set(entry) == {"citizen", "model", "suggestions"}
        assert entry["model"] == "prior v1"
        for s in entry["suggestions"]:
            assert set(s) == {"volunteer", "score", "reasons", "reason_codes"}
            assert s["volunteer"] in external and isinstance(s["score"], float)
            assert all(isinstance(r, str) for r in s["reasons"])
            assert all(isinstance(r, dict) and r["code"] for r in s["reason_codes"])
    one = app.test_cli_runner().invoke(args=["matcher", "suggest", "--municipality", "stevns",
                                             "--citizen", ida.external_id, "--json"])
    assert [d["citizen"] for d in json.loads(one.stdout)] == [ida.external_id]


def test_unknown_municipality_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["matcher", "suggest", "--municipality", "nowhere"])
    assert result.exit_code != 0 and "nowhere" in result.output


def test_train_saves_a_model_file_and_evaluate_prints_figures(app, db, town, volunteers, young):
    runner = app.test_cli_runner()
    trained = runner.invoke(args=["matcher", "train", "--municipality", "stevns"])
    assert trained.exit_code == 0, trained.output
    with app.app_context():
        import os

        assert os.path.exists(model_path("stevns"))
    again = runner.invoke(args=["matcher", "train", "--municipality", "stevns"])
    assert "v2" in again.output
    young()
    evaluated = runner.invoke(args=["matcher", "evaluate", "--municipality", "stevns"])
    assert evaluated.exit_code == 0, evaluated.output
    assert "share_citizens_3_options" in evaluated.output
    assert "holdout_ndcg3_prior" in evaluated.output
    assert "holdout_ndcg3_*_ips" in evaluated.output  # no propensity-carrying hold-out yet
