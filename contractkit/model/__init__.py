"""The project model: what a person writes in project.yaml, validated."""

from contractkit.model.parties import Bank, Party, Signatory
from contractkit.model.payment import Installment, PaymentTerms, Penalty
from contractkit.model.project import ContractInfo, Project, Templates
from contractkit.model.scope import Brief, Deliverable, Material
from contractkit.model.tax import Tax
from contractkit.model.terms import (
    ClientObligations,
    ContractorObligations,
    Disputes,
    Obligations,
    SupportPlan,
    Terms,
    ThirdPartyComponent,
)

__all__ = [
    "Bank", "Brief", "ClientObligations", "ContractInfo", "ContractorObligations", "Deliverable",
    "Disputes", "Installment", "Material", "Obligations", "Party", "PaymentTerms", "Penalty",
    "Project", "Signatory", "SupportPlan", "Tax", "Templates", "Terms", "ThirdPartyComponent",
]
