{#- One row per school exam in a beroepsgericht keuzevak or profielmodule (leerjaar-4 exam year),
    with the pupil's leerweg and profile (from the element code of the exam row) and the keuzevak's
    owning profile (reference list keuzevakken). A vakcode missing from the list is KEPT with
    keuzevak_profielgroep 'onbekend' (quarantined, counted by test assert_keuzevak_codes_known). -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with exams as (
    select * from {{ ref('stg_duo__examens_vakken') }}
    {{ schooljaar_filter() }}
),

codes as (
    select * from {{ ref('stg_reference__element_codes') }}
),

profielen as (
    select * from {{ ref('stg_reference__profielen') }}
),

vakken as (
    select * from {{ ref('stg_reference__keuzevakken') }}
)

select
    exams.schooljaar,
    exams.leerling_id,
    exams.vestiging_id,
    regio.sto_regio_id,
    exams.elementcode,
    codes.leerweg,
    codes.profiel as leerling_profiel,
    case
        when codes.programma = 'profiel' then coalesce(profielen.profielgroep, 'onbekend')
        when codes.programma in ('legacy', 'tl') then codes.programma
        else 'onbekend'
    end as leerling_profielgroep,
    exams.vakcode,
    exams.vaksoort,
    vakken.vaknaam,
    vakken.profiel as keuzevak_profiel,
    case when vakken.vakcode is null then 'onbekend' else vakken.profielgroep end as keuzevak_profielgroep,
    vakken.vakcode is null as is_vakcode_onbekend,
    coalesce(vakken.is_technisch, false) as is_technisch_keuzevak,
    exams.eindcijfer,
    exams._source_file,
    exams._source_row
from exams
left join codes on exams.elementcode = codes.elementcode
left join profielen on codes.profiel = profielen.profiel
left join vakken on exams.vakcode = vakken.vakcode
left join {{ ref('int_vestiging__regio_microdata') }} as regio
    on exams.vestiging_id = regio.vestiging_id and exams.schooljaar = regio.schooljaar
