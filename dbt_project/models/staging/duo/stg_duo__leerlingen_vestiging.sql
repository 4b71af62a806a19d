{#- One row per vestiging x onderwijstype x element code x leerjaar x geslacht with a non-zero count:
    the wide DUO file unpivoted with a portable UNION ALL. '<5' (newer files) becomes aantal NULL with
    bounds 1..4 and a midpoint estimate of 2.5. -#}
{%- set cells = [] -%}
{%- for lj in range(1, 7) -%}
  {%- for column, geslacht in [('man', 'M'), ('vrouw', 'V')] -%}
    {%- do cells.append((lj, 'lj' ~ lj ~ '_' ~ column, geslacht)) -%}
  {%- endfor -%}
{%- endfor -%}

{#- Each branch reads the raw table itself: a CTE read by all twelve branches is kept in memory whole by
    DuckDB, which ran out of dbt's 1 GB at 25x national scale (docs/benchmarks.md, Scale 25). -#}
with unpivoted as (
{%- for lj, column, geslacht in cells %}
    select
        _schooljaar as schooljaar,
        brin || vestigingsnummer as vestiging_id,
        brin,
        vestigingsnummer,
        onderwijstype,
        nullif(vmbo_sector, 'N.v.t.') as vmbo_sector,
        nullif(afdeling, 'N.v.t.') as afdeling,
        elementcode,
        opleidingsnaam,
        instellingsnaam_vestiging,
        {{ lj }} as leerjaar,
        '{{ geslacht }}' as geslacht,
        {{ column }} as aantal_tekst,
        _format_generation as format_generation,
        {{ lineage_columns() }}
    from {{ source('duo', 'duo_leerlingen_vestiging') }}
    where {{ column }} <> '0'
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}
)

select
    schooljaar,
    vestiging_id,
    brin,
    vestigingsnummer,
    onderwijstype,
    vmbo_sector,
    afdeling,
    elementcode,
    opleidingsnaam,
    instellingsnaam_vestiging,
    leerjaar,
    geslacht,
    {{ suppressed_count('aantal_tekst', '<5', 1, 4, 'aantal', 'is_suppressed_at_source') }},
    format_generation,
    {{ lineage_columns() }}
from unpivoted
