-- Every case with its pseudonymous key. The key is validated here and never
-- listed (the suite reports case_key, kdsatker and no_aduan only).
select
    case_key,
    kdsatker,
    no_aduan,
    pmi_key
from {{ ref('case_outcomes') }}
