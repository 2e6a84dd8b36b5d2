-- No table in marts holds a name, NIK, passport number or phone number.
select table_name, column_name
from information_schema.columns
where table_schema = 'marts'
    and (
        column_name ilike '%nama_pmi%'
        or column_name ilike '%nik%'
        or column_name ilike '%paspor%'
        or column_name ilike '%no_hp%'
        or column_name ilike '%telepon%'
    )
