{#- Every raw row (file line) of DUO's pupil file "01. Leerlingen vo per vestiging naar onderwijstype",
    classified. Its leerjaar-3 and -4 cells are counted: all of vo in vo_upper_secondary_pupils (A8), the
    vmbo lines also in the pupil figures by leerweg / profiel (int_pupils__lj3, int_pupils__lj4,
    int_programme__tech_pupils). Lines with pupils only in leerjaar 1-2 or 5-6 are in no figure.
    aantal = the line's exactly published pupils (all leerjaren), n_suppressed_cells = its '<5' cells. -#}
{%- set cells = [] -%}
{%- for lj in range(1, 7) -%}
  {%- for g in ['man', 'vrouw'] -%}
    {%- do cells.append('lj' ~ lj ~ '_' ~ g) -%}
  {%- endfor -%}
{%- endfor -%}
with raw as (
    select * from {{ source('duo', 'duo_leerlingen_vestiging') }}
),

codes as (
    select elementcode from {{ ref('stg_reference__element_codes') }}
),

classified as (
    select
        raw._source_file,
        raw._source_row,
        case
            when {% for c in cells %}raw.{{ c }} = '0'{{ ' and ' if not loop.last }}{% endfor %}
                then 'no pupils (every count 0)'
            when raw.lj3_man = '0' and raw.lj3_vrouw = '0' and raw.lj4_man = '0' and raw.lj4_vrouw = '0'
                then 'no pupils in leerjaar 3 or 4'
        end as reason_not_counted,
        case
            when raw.onderwijstype like 'VMBO%' and codes.elementcode is null
                then 'element code not in reference list element_codes: in the vo total (A8), in no leerweg or profiel figure'
        end as reason_in_part,
        {% for c in cells %}case when raw.{{ c }} <> '<5' then cast(raw.{{ c }} as bigint) else 0 end{{ ' + ' if not loop.last }}{% endfor %} as aantal,
        {% for c in cells %}case when raw.{{ c }} = '<5' then 1 else 0 end{{ ' + ' if not loop.last }}{% endfor %} as n_suppressed_cells
    from raw
    left join codes on codes.elementcode = raw.elementcode
)

{{ coverage_select('duo_leerlingen_vestiging', aantal='aantal', n_suppressed_cells='n_suppressed_cells') }}
