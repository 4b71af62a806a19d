{#- Exam candidates and passes per vestiging x onderwijstype x leerweg x (sector | profiel) x schooljaar
    x geslacht, from both DUO layouts. '<5' becomes n NULL with bounds 1..4 and is_suppressed_at_source.
    When several files cover the same cell (overlapping multi-year files), the one whose last
    schooljaar is latest wins (then the latest load). leerweg, profiel and the multi-year sector are
    decoded with the reference list exam_codes (stg_reference__exam_codes): LEERWEG VMBO / INSPECTIECODE
    to leerweg (VMBO LWT is bb, as its element codes), AFDELING to profiel. A label missing from the list
    leaves leerweg / profiel NULL (int_coverage__duo_examenkandidaten reports those rows). -#}
with raw as (
    select
        *,
        case when _format_generation like 'multi_year%' then 'multi_year' else 'per_profiel' end as layout
    from {{ source('duo', 'duo_examenkandidaten') }}
),

ranked as (
    select
        raw.*,
        row_number() over (
            partition by layout, schooljaar, brin, vestigingsnummer, onderwijstype, leerweg_vmbo, vmbo_sector,
                afdeling, inspectiecode, opleidingsnaam, geslacht
            order by cast(laatste_schooljaar_bestand as integer) desc, _loaded_at desc, _source_file desc
        ) as rn
    from raw
)

select
    cast(substr(schooljaar, 1, 4) as integer) as schooljaar,
    layout,
    brin,
    vestigingsnummer,
    brin || vestigingsnummer as vestiging_id,
    instellingsnaam,
    onderwijstype,
    coalesce(by_leerweg.leerweg, by_inspectiecode.leerweg) as leerweg,
    coalesce(vmbo_sector, by_inspectiecode.sector) as sector,
    afdeling,
    by_afdeling.profiel,
    inspectiecode,
    opleidingsnaam,
    case geslacht when 'man' then 'M' when 'vrouw' then 'V' when 'onbekend' then 'O' else 'T' end as geslacht,
    {{ suppressed_count('examenkandidaten', '<5', 1, 4, 'n_kandidaten', 'is_kandidaten_suppressed_at_source',
        estimate=false) }},
    {{ suppressed_count('geslaagden', '<5', 1, 4, 'n_geslaagden', 'is_geslaagden_suppressed_at_source',
        estimate=false) }},
    examenkandidaten = '<5' or geslaagden = '<5' as is_suppressed_at_source,
    _format_generation,
    {{ lineage_columns() }}
from ranked
left join {{ ref('stg_reference__exam_codes') }} as by_inspectiecode
    on by_inspectiecode.kolom = 'INSPECTIECODE' and by_inspectiecode.code = ranked.inspectiecode
left join {{ ref('stg_reference__exam_codes') }} as by_leerweg
    on by_leerweg.kolom = 'LEERWEG VMBO' and by_leerweg.code = ranked.leerweg_vmbo
left join {{ ref('stg_reference__exam_codes') }} as by_afdeling
    on by_afdeling.kolom = 'AFDELING' and by_afdeling.code = ranked.afdeling
where rn = 1
