"""The declared system: the manifest schema, its loader, the component graph and risk paths."""

from interlock.manifest.graph import Graph
from interlock.manifest.load import load_manifest, load_manifest_text, resolve_manifest_path
from interlock.manifest.models import Manifest
from interlock.manifest.risk import Finding, Severity, analyse

__all__ = [
    "Finding",
    "Graph",
    "Manifest",
    "Severity",
    "analyse",
    "load_manifest",
    "load_manifest_text",
    "resolve_manifest_path",
]
