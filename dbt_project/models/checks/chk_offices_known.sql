-- Every office of the scorecard with its name from the reference list
-- (NULL for a code the list does not know).
select
    thang,
    kdsatker,
    nama_satker,
    realisasi
from {{ ref('office_scorecard') }}
