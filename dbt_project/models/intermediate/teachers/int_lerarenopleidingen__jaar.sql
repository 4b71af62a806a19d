{#- Catalog G17: first-year students, enrolled students and graduates of the technical teacher-training
    programmes (seed lerarenopleidingen_techniek, rows flagged J) per year as DUO's files state it
    (STUDIEJAAR; DIPLOMAJAAR), nationally: summed over gemeenten and instellingen (and over type hoger
    onderwijs / soort diploma). One row per maat x schooljaar x programme, plus opleidingscode 'totaal'
    over the programmes. A DUO code counts for its programme (programma_code: a predecessor code for its
    successor). Every programme has a row in every year its file covers (0 when DUO lists no student).
    DUO's `-1` (1-4) rows: bounds 1..4 each, estimate 2.5 each, is_suppressed_at_source; a cell made of
    `-1` rows only has no estimate (NULL), only its bounds. -#}
with opleidingen as (
    select opleidingscode, programma_code
    from {{ ref('stg_reference__lerarenopleidingen_techniek') }}
    where is_technische_lerarenopleiding
),

programmas as (
    select
        programmas.programma_code,
        coalesce(eigen.opleidingsnaam, programmas.opleidingsnaam) as opleidingsnaam
    from (
        select programma_code, min(opleidingsnaam) as opleidingsnaam
        from {{ ref('stg_reference__lerarenopleidingen_techniek') }}
        where is_technische_lerarenopleiding
        group by programma_code
    ) as programmas
    left join {{ ref('stg_reference__lerarenopleidingen_techniek') }} as eigen
        on eigen.opleidingscode = programmas.programma_code
),

bestand as (
    select 'eerstejaars' as maat, schooljaar, opleidingscode, aantal_min, aantal_max, aantal_schatting,
        is_suppressed_at_source
    from {{ ref('stg_duo__hbo_eerstejaars') }}
    union all
    select 'ingeschrevenen', schooljaar, opleidingscode, aantal_min, aantal_max, aantal_schatting,
        is_suppressed_at_source
    from {{ ref('stg_duo__hbo_ingeschrevenen') }}
    union all
    select 'gediplomeerden', schooljaar, opleidingscode, aantal_min, aantal_max, aantal_schatting,
        is_suppressed_at_source
    from {{ ref('stg_duo__hbo_gediplomeerden') }}
),

jaren as (
    select distinct maat, schooljaar from bestand
),

geteld as (
    select
        bestand.maat,
        bestand.schooljaar,
        opleidingen.programma_code,
        sum(bestand.aantal_schatting) as n_schatting,
        sum(bestand.aantal_min) as n_min,
        sum(bestand.aantal_max) as n_max,
        count(*) as n_rows,
        sum(case when bestand.is_suppressed_at_source then 1 else 0 end) as n_suppressed_rows
    from bestand
    inner join opleidingen on opleidingen.opleidingscode = bestand.opleidingscode
    group by bestand.maat, bestand.schooljaar, opleidingen.programma_code
),

per_programma as (
    select
        jaren.maat,
        jaren.schooljaar,
        programmas.programma_code as opleidingscode,
        programmas.opleidingsnaam,
        coalesce(geteld.n_schatting, 0) as n_schatting,
        coalesce(geteld.n_min, 0) as n_min,
        coalesce(geteld.n_max, 0) as n_max,
        coalesce(geteld.n_rows, 0) as n_rows,
        coalesce(geteld.n_suppressed_rows, 0) as n_suppressed_rows
    from jaren
    cross join programmas
    left join geteld
        on geteld.maat = jaren.maat
        and geteld.schooljaar = jaren.schooljaar
        and geteld.programma_code = programmas.programma_code
),

cellen as (
    select maat, schooljaar, opleidingscode, opleidingsnaam, n_schatting, n_min, n_max, n_rows, n_suppressed_rows
    from per_programma
    union all
    select
        maat, schooljaar, 'totaal', 'Totaal technische lerarenopleidingen', sum(n_schatting), sum(n_min),
        sum(n_max), sum(n_rows), sum(n_suppressed_rows)
    from per_programma
    group by maat, schooljaar
)

select
    maat,
    cast(schooljaar as integer) as schooljaar,
    opleidingscode,
    opleidingsnaam,
    case
        when n_rows > 0 and n_suppressed_rows = n_rows then null
        else cast(n_schatting as double)
    end as n_schatting,
    cast(n_min as integer) as n_min,
    cast(n_max as integer) as n_max,
    cast(n_rows as integer) as n_rows,
    cast(n_suppressed_rows as integer) as n_suppressed_rows,
    n_suppressed_rows > 0 as is_suppressed_at_source
from cellen
