{#- Catalog G5 cells: persons teaching a profielvak of a profile (from the IPTO vakken extract) per
    schooljaar x profiel, per profielgroep (profiel NULL; a person in two profiles of the group counts
    once) and in total (both NULL), with how many of them also teach an avo-vak (Tabel B4.2) or an overig
    vak (Tabel B4.3) on the same peildatum, at any BRIN. -#}
with vakken as (
    select * from {{ ref('stg_ipto__lesgevenden_vakken') }}
),

profieldocenten as (
    select distinct vakken.schooljaar, vakken.persoon_id, profielen.profielgroep, vakken.profiel
    from vakken
    inner join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = vakken.profiel
    where vakken.vak_categorie = 'profielvak'
),

niveaus as (
    select schooljaar, persoon_id, profielgroep, profiel from profieldocenten
    union
    select schooljaar, persoon_id, profielgroep, cast(null as string) from profieldocenten
    union
    select schooljaar, persoon_id, cast(null as string), cast(null as string) from profieldocenten
),

andere_vakken as (
    select
        schooljaar,
        persoon_id,
        max(case when vak_categorie = 'avo' then 1 else 0 end) as geeft_avo,
        max(case when vak_categorie = 'overig' then 1 else 0 end) as geeft_overig
    from vakken
    group by schooljaar, persoon_id
)

select
    niveaus.schooljaar,
    niveaus.profielgroep,
    niveaus.profiel,
    count(*) as n_persons,
    sum(andere_vakken.geeft_avo) as n_ook_avo,
    sum(andere_vakken.geeft_overig) as n_ook_overig
from niveaus
inner join andere_vakken
    on andere_vakken.schooljaar = niveaus.schooljaar and andere_vakken.persoon_id = niveaus.persoon_id
group by niveaus.schooljaar, niveaus.profielgroep, niveaus.profiel
