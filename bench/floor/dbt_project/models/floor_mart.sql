select id, label, nilai
from {{ source('raw', 'one_row') }}
