"""``flask matcher train|evaluate|suggest``: the matcher from the command line."""
import json
import os

import click
import numpy as np
from flask import Blueprint
from flask_babel import force_locale
from sqlmodel import select
from tqdm import tqdm

from models import Citizen, Volunteer, set_tenant
from models.lifecycle import waiting_citizens

from ..core.cli import cli_session, municipality_by_slug
from . import engine
from .reasons import sentences

bp = Blueprint("matching_cli", __name__, cli_group="matcher")
slug_option = click.option("--municipality", "slug", required=True, help="The municipality's slug.")


def _train(session, progress: bool, version: int = 1):
    """Train the choice and outcome models from the session's municipality."""
    steps = tqdm(total=4, desc="training", disable=not progress, leave=False)
    citizens, volunteers = engine.all_records(session)
    sets = engine.choice_sets(session)
    steps.update()
    pairs = engine.outcome_pairs(session)
    steps.update()
    from matcher import train_choice_model, train_outcome_model

    model = train_choice_model(sets, citizens, volunteers, version=version)
    steps.update()
    model = train_outcome_model(pairs, citizens, volunteers, model=model)
    steps.update()
    steps.close()
    return model


def _print_metrics(metrics: dict) -> None:
    """Print quality figures one per line."""
    for key in sorted(metrics):
        value = metrics[key]
        shown = f"{value:.4f}" if isinstance(value, float) else value
        click.echo(f"  {key:32} {shown}")


@bp.cli.command("train")
@slug_option
def train_command(slug):
    """Train the municipality's choice and outcome models and save them."""
    with cli_session() as session:
        town = municipality_by_slug(session, slug)
        set_tenant(session, town.id)
        path = engine.model_path(slug)
        from matcher import MatchModel

        version = MatchModel.load(path).version + 1 if os.path.exists(path) else 1
        model = _train(session, progress=True, version=version)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        model.save(path)
    click.echo(f"Saved {model.name} v{model.version} ({model.trained_at[:10]}) to "
               f"{os.path.basename(path)}; suggestions now come from: {model.label}")
    _print_metrics(model.metrics)


def round_figures(result: list[dict], volunteers: list[dict]) -> dict:
    """Return the share offered 3 options, top exposure over free places, share never shown."""
    shown = [s["volunteer"] for r in result for s in r["suggestions"]]
    counts = {v: shown.count(v) for v in set(shown)}
    free = {v["id"]: max(v["capacity"] - v["load"], 1) for v in volunteers}
    return {
        "round_citizens": len(result),
        "share_citizens_3_options": float(np.mean([len(r["suggestions"]) >= 3 for r in result]))
        if result else float("nan"),
        "max_exposure_over_capacity": max((n / free[v] for v, n in counts.items()), default=0.0),
        "share_volunteers_never_shown": 1 - len(counts) / len(volunteers) if volunteers else 0.0,
    }


@bp.cli.command("evaluate")
@slug_option
def evaluate_command(slug):
    """Print quality figures: time-based hold-out of the learned models, and a dry round."""
    with cli_session() as session:
        town = municipality_by_slug(session, slug)
        set_tenant(session, town.id)
        model = _train(session, progress=True)
        waiting = waiting_citizens(session)
        result = engine.suggest_round(session, town.id, waiting)
        figures = round_figures(result, engine.matchable_records(session))
    click.echo(f"Model: {model.label} ({model.n_train} choice sets; newest 25% held out)")
    _print_metrics({**model.metrics, **figures})
    if "holdout_ndcg3_learned_ips" not in model.metrics:
        click.echo("  holdout_ndcg3_*_ips               — no hold-out set with recorded "
                   "propensities yet (imported history, or sets before randomisation)")


@bp.cli.command("suggest")
@slug_option
@click.option("--citizen", "external_id", help="Only this citizen (external id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def suggest_command(slug, external_id, as_json):
    """Suggest role models for every waiting citizen (or one), as the web pages do."""
    with cli_session() as session:
        town = municipality_by_slug(session, slug)
        set_tenant(session, town.id)
        waiting = waiting_citizens(session)
        if external_id:
            waiting = [c for c in waiting if c.external_id == external_id]
            if not waiting:
                raise click.BadParameter(f"no waiting citizen {external_id!r}", param_hint="--citizen")
        with tqdm(total=1, desc="suggesting", disable=len(waiting) < 500, leave=False) as bar:
            result = engine.suggest_round(session, town.id, waiting)
            bar.update()
        result = _external_ids(session, result)
    with force_locale("da"):  # the reasons in words, as the young person reads them
        for entry in result:
            for s in entry["suggestions"]:
                s["reason_codes"], s["reasons"] = s["reasons"], sentences(s["reasons"])
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for entry in result:
        click.echo(f"{entry['citizen']} ({entry['model']})")
        for s in entry["suggestions"]:
            click.echo(f"  {s['volunteer']:12} {s['score']:.3f}  " + "; ".join(s["reasons"]))


def _external_ids(session, result: list[dict]) -> list[dict]:
    """Replace database ids with the external ids coordinators know (two queries)."""
    cids = {int(r["citizen"]) for r in result}
    vids = {int(s["volunteer"]) for r in result for s in r["suggestions"]}
    cit = dict(session.exec(select(Citizen.id, Citizen.external_id).where(Citizen.id.in_(cids))).all())
    vol = dict(session.exec(select(Volunteer.id, Volunteer.external_id)
                            .where(Volunteer.id.in_(vids))).all())
    return [{
        "citizen": cit[int(r["citizen"])], "model": r["model"],
        "suggestions": [{"volunteer": vol[int(s["volunteer"])], "score": s["score"],
                         "reasons": s["reasons"]} for s in r["suggestions"]],
    } for r in result]


@bp.cli.command("retrain")
def retrain_command():
    """Do the scheduler's weekly retraining once, for every municipality."""
    from flask import current_app

    from .learning import retrain_all

    for done in retrain_all(current_app._get_current_object()):
        click.echo(" ".join(f"{k}={v}" for k, v in done.items()))


@bp.cli.command("rollback")
@slug_option
def rollback_command(slug):
    """Put the model used before the current one back in use."""
    from .learning import rollback

    if not rollback(slug):
        raise click.ClickException(f"no previous model for {slug!r}")
    click.echo(f"The previous model is in use again for {slug}.")
