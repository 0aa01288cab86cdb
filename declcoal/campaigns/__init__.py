"""Campaigns: sweeps and verifications over thousands of instances (issue 10).

A campaign is an instance source + a check + a summary; :func:`run_campaign` runs it
in-process, on local processes (all cores by default) or on a Dask cluster, writes one
SQLite row per instance as results arrive, and resumes from that file. See
``docs/campaigns.md``.
"""
from __future__ import annotations

from .builtins import BUILTINS, builtin, builtins, load_campaign, make_builtin, parse_params
from .core import Campaign, Instance, canonical_json, instance_id
from .engine import CampaignInterrupted, CampaignRun, default_db, run_campaign
from .executors import Dask, InProcess, LocalProcesses
from .report import report
from .store import Store

__all__ = [
    "Campaign", "Instance", "instance_id", "canonical_json", "run_campaign", "CampaignRun", "CampaignInterrupted",
    "default_db", "Store", "report", "builtin", "builtins", "BUILTINS", "load_campaign", "make_builtin",
    "parse_params", "InProcess", "LocalProcesses", "Dask",
]
