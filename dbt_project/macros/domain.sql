{#- Spending type from the first two digits of the 6-digit account. -#}
{% macro jenis_belanja(kdakun) -%}
    case left({{ kdakun }}, 2)
        when '51' then 'pegawai'
        when '52' then 'barang'
        when '53' then 'modal'
        when '57' then 'bantuan sosial'
        else 'lainnya'
    end
{%- endmacro %}

{#-
    An indicator is cumulative (its target is pro-rated to months elapsed)
    when its satuan is Rp, Orang, Laporan, Kegiatan or Layanan.
-#}
{% macro is_cumulative_satuan(satuan) -%}
    coalesce(lower(trim({{ satuan }})) in ('rp', 'orang', 'laporan', 'kegiatan', 'layanan'), false)
{%- endmacro %}

{#- The twelve months of a fiscal year as rows of one column `bulan` (a month spine). -#}
{% macro month_numbers() -%}
    select bulan
    from (
        values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)
    ) as month_numbers (bulan)
{%- endmacro %}
