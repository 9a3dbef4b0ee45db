"""General assemblies: colleges, roll, proxies, votes on resolutions, quorum, results, minutes.

Rules this module applies (shown in the minutes, stated here once):

- **Votes cast.** As French cooperative law counts them (loi du 10 septembre 1947 as amended in
  2019: abstentions and blank votes are not votes cast), a resolution's share of « pour » is
  for ÷ (for + against); abstentions are recorded but never counted for or against.
- **Simple majority**: adopted when the share of « pour » is strictly above one half
  (for > against). **Qualified majority**: adopted when the exact share reaches the threshold;
  a threshold that rounds a simple fraction stands for it (66.67 % is exactly two thirds,
  ``results.required_share``).
- **Scic colleges**: each college's share is computed on its own votes cast, then weighted by its
  statutory weight: share = Σ weight_c × for_c ÷ (for_c + against_c) ÷ Σ weight_c, the sums running
  over the colleges **with at least one vote cast**; a college where nobody voted for or against
  drops out and the weights of the others are renormalised so they still add up to 100 %.
- **Majority judgment**: each college's merit profile (counts per grade) is turned into shares of
  its voters, multiplied by its weight, and the weighted profiles are ranked by
  ``coopilote.algorithms.majority_judgment``; colleges without ballots drop out the same way.
- **Quorum**: the share of the roll present or represented — marked present, or having voted
  (itself or through its proxy), or having given a proxy to someone present or having voted —
  must reach the assembly's quorum; otherwise no resolution is adopted and the minutes say so.
- **Proxies**: at most ``proxy_cap`` per holder; refused when the giver has already voted, to a
  holder who gave their own proxy, or to oneself. The holder casts one separate vote per proxy,
  counted in the giver's college.
- **Deadline**: the database clock decides; a vote after ``closes_at`` is refused. The vote
  closes after the meeting begins (those who attend vote on the platform too), never at a time
  already past when the assembly is prepared or changed.
- **Secret ballot** (``assembly.secret``): the émargement, the anonymous ballot and the receipt
  come from ``coopilote.voting.secrecy``, as for the union's polls; an open ballot names the
  voter so that the minutes say who voted what.
"""

from coopilote.governance.services.assemblies.ballots import (
    cast_vote,
    check_receipt,
    give_proxy,
    has_voted,
    own_proxy_refusal,
    votes_to_cast,
)
from coopilote.governance.services.assemblies.common import AssemblyError, moment
from coopilote.governance.services.assemblies.convocation import (
    CONVENED_FIELDS,
    USUAL_NOTICE_DAYS,
    convene,
    convene_refusal,
    notice_days,
    recipients,
)
from coopilote.governance.services.assemblies.minutes import presidency
from coopilote.governance.services.assemblies.preparation import (
    add_resolution,
    add_voter,
    candidates_for_roll,
    check_weights,
    closing_passed,
    closing_refusal,
    create_assembly,
    open_assembly,
    set_colleges,
    set_presence,
    update_assembly,
)
from coopilote.governance.services.assemblies.results import (
    adopted,
    close_assembly,
    lines_voted,
    quorum,
    required_share,
    tally,
    weighted_profiles,
    weighted_share,
)
from coopilote.voting.secrecy import AlreadyVoted, VotingError, receipt_hash

__all__ = [
    "CONVENED_FIELDS",
    "USUAL_NOTICE_DAYS",
    "AlreadyVoted",
    "AssemblyError",
    "VotingError",
    "add_resolution",
    "add_voter",
    "adopted",
    "candidates_for_roll",
    "cast_vote",
    "check_receipt",
    "check_weights",
    "close_assembly",
    "closing_passed",
    "closing_refusal",
    "convene",
    "convene_refusal",
    "create_assembly",
    "give_proxy",
    "has_voted",
    "lines_voted",
    "moment",
    "notice_days",
    "open_assembly",
    "own_proxy_refusal",
    "presidency",
    "quorum",
    "receipt_hash",
    "recipients",
    "required_share",
    "set_colleges",
    "set_presence",
    "tally",
    "update_assembly",
    "votes_to_cast",
    "weighted_profiles",
    "weighted_share",
]
