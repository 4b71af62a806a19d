{#- Exam candidates and passes per vestiging x onderwijstype x leerweg x (sector | profiel) x schooljaar
    x geslacht, from both DUO layouts. '<5' becomes n NULL with bounds 1..4 and is_suppressed_at_source.
    When several files cover the same cell (overlapping multi-year files), the one whose last
    schooljaar is latest wins (then the latest load). vmbo profile decoded from DUO's AFDELING
    abbreviations (duo_formats.md 3.2); leerweg from LEERWEG VMBO or the OPLEIDINGSNAAM (VMBO B/K/G/T). -#}
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
    case
        when leerweg_vmbo = 'BL' or opleidingsnaam like 'VMBO B %' then 'bb'
        when leerweg_vmbo = 'KL' or opleidingsnaam like 'VMBO K %' then 'kb'
        when leerweg_vmbo = 'GL' or opleidingsnaam like 'VMBO G %' then 'gl'
        when leerweg_vmbo = 'TL' or opleidingsnaam like 'VMBO T%' then 'tl'
        when opleidingsnaam like 'VMBO LWT%' then 'lwt'
    end as leerweg,
    coalesce(
        vmbo_sector,
        case when opleidingsnaam like 'VMBO% - %' then substr(opleidingsnaam, position(' - ' in opleidingsnaam) + 3) end
    ) as sector,
    afdeling,
    case afdeling
        when 'BWI' then 'BWI' when 'PIE' then 'PIE' when 'MVI' then 'MVI' when 'MTR' then 'M&T'
        when 'MTE' then 'MaT' when 'EO' then 'E&O' when 'HBR' then 'HBR' when 'ZWE' then 'Z&W'
        when 'G' then 'Groen' when 'DP' then 'D&P'
    end as profiel,
    inspectiecode,
    opleidingsnaam,
    case geslacht when 'man' then 'M' when 'vrouw' then 'V' when 'onbekend' then 'O' else 'T' end as geslacht,
    case when examenkandidaten = '<5' then null else cast(examenkandidaten as integer) end as n_kandidaten,
    case when examenkandidaten = '<5' then 1 else cast(examenkandidaten as integer) end as n_kandidaten_min,
    case when examenkandidaten = '<5' then 4 else cast(examenkandidaten as integer) end as n_kandidaten_max,
    examenkandidaten = '<5' as is_kandidaten_suppressed_at_source,
    case when geslaagden = '<5' then null else cast(geslaagden as integer) end as n_geslaagden,
    case when geslaagden = '<5' then 1 else cast(geslaagden as integer) end as n_geslaagden_min,
    case when geslaagden = '<5' then 4 else cast(geslaagden as integer) end as n_geslaagden_max,
    geslaagden = '<5' as is_geslaagden_suppressed_at_source,
    examenkandidaten = '<5' or geslaagden = '<5' as is_suppressed_at_source,
    _format_generation,
    _source_file,
    _source_sha256,
    _source_row,
    _load_id
from ranked
where rn = 1
