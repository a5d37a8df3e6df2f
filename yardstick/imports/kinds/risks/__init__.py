"""Risk registers, their risks, the controls in place, the further actions and the history of
reviews.

Each row is checked by the rules the risk pages apply (`yardstick.risks.services`) before
anything is written, so a problem is reported with its row; the records are then written one
by one through the same services, with the import's reason in their history. A file of risks
carries their scores as they are now and a file of reviews their history: importing a risk
records no review, and importing a review leaves its risk's scores alone.

One module per kind; `common` holds what they share.
"""

from yardstick.imports.kinds.risks.actions import RISK_ACTIONS
from yardstick.imports.kinds.risks.controls import RISK_CONTROLS
from yardstick.imports.kinds.risks.registers import RISK_REGISTERS
from yardstick.imports.kinds.risks.reviews import RISK_REVIEWS
from yardstick.imports.kinds.risks.risks import RISKS

__all__ = ["RISKS", "RISK_ACTIONS", "RISK_CONTROLS", "RISK_REGISTERS", "RISK_REVIEWS"]
