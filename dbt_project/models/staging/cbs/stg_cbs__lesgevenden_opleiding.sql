{#- Persons per peiljaar (= schooljaar: peildatum 1 October of the peiljaar) x profiel | profielgroep |
    all x kenmerk x categorie from CBS's aggregate. A peiljaar delivered in several files comes from the
    newest load. `<10` (suppressed by CBS) is aantal NULL with bounds 1..9 and an estimate of 5. -#}
with raw as (
    select * from {{ source('cbs', 'cbs_lesgevenden_opleiding') }}
),

newest as (
    select peiljaar, _source_file
    from (
        select
            peiljaar,
            _source_file,
            row_number() over (partition by peiljaar order by max(_loaded_at) desc, _source_file desc) as rank
        from raw
        group by peiljaar, _source_file
    ) as ranked
    where rank = 1
)

select
    cast(raw.peiljaar as integer) as schooljaar,
    raw.profiel,
    coalesce(raw.profielgroep, profielen.profielgroep) as profielgroep,
    case
        when raw.profiel is not null then 'profiel'
        when raw.profielgroep is not null then 'profielgroep'
        else 'totaal'
    end as niveau,
    raw.kenmerk,
    raw.categorie,
    {{ suppressed_count('raw.aantal_personen', '<10', 1, 9, 'aantal_personen', 'is_suppressed_by_cbs') }},
    {{ lineage_columns('raw') }}
from raw
inner join newest
    on newest.peiljaar = raw.peiljaar and newest._source_file = raw._source_file
left join {{ ref('stg_reference__profielen') }} as profielen
    on profielen.profiel = raw.profiel
