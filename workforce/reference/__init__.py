"""Reference data: every dated YAML file the tool reads, one module a file, each loading and
validating its own file. `ReferenceData` holds them all, loaded once with the user's overrides.

- framework: the AiMH competency framework (aimh_framework.yaml)
- bands: Agenda for Change pay (nhs_bands.yaml), with medical_pay: medical and
  voluntary-sector pay (medical_pay.yaml)
- service_model, team_definition: the PAIR service model and team definition (service_model.yaml)
- placement_rules: programmes and supervision (placement_rules.yaml)
- national_context: figures a bid quotes (national_context.yaml)
- disclosure_rules: what published reports perturb, and by how much (disclosure.yaml)
- files, checks: where the files are, and the checks that name file and key on a mistake
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from workforce.reference.bands import Bands, load_bands
from workforce.reference.disclosure_rules import DisclosureRules, load_disclosure_rules
from workforce.reference.files import PathLike
from workforce.reference.framework import Framework, load_framework
from workforce.reference.national_context import NationalContext, load_national_context
from workforce.reference.placement_rules import PlacementRules, load_placement_rules
from workforce.reference.service_model import ServiceModel, load_service_model


@dataclass(frozen=True)
class ReferenceData:
    """Every reference file a command may need, loaded once with the user's overrides."""

    framework: Framework
    bands: Bands
    service: ServiceModel
    placement: PlacementRules
    national_context_path: PathLike = None

    @cached_property
    def national_context(self) -> NationalContext:
        """Loaded only by the reports that quote it."""
        return load_national_context(self.national_context_path)

    @cached_property
    def disclosure(self) -> DisclosureRules:
        """Loaded only by the reports that publish figures about people."""
        return load_disclosure_rules(rule_ids=self.service.definition.rules)


def load_reference(framework: PathLike = None, bands: PathLike = None,
                   medical_pay: PathLike = None, service_model: PathLike = None,
                   placement_rules: PathLike = None,
                   national_context: PathLike = None) -> ReferenceData:
    loaded_bands = load_bands(bands, medical_pay)
    service = load_service_model(service_model, loaded_bands)
    return ReferenceData(
        framework=load_framework(framework),
        bands=loaded_bands,
        service=service,
        placement=load_placement_rules(placement_rules, loaded_bands, service),
        national_context_path=national_context,
    )
