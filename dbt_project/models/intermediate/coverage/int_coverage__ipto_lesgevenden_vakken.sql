{#- Every raw row of the IPTO vakken microdata (person x BRIN x vak), classified against catalog G5
    (int_teachers__vakken_cells, whose filter this repeats): a profielvak row is counted when its profiel
    is in the reference list profielen (the person is in the cells of that profiel, its profielgroep and the
    total); an avo or overig row is counted when its person teaches such a profielvak in the schooljaar
    (the numerators: also an avo-vak / an overig vak), else the person is in no G5 cell. -#}
with vakken as (
    select _source_file, _source_row, schooljaar, persoon_id, vak_categorie, profiel
    from {{ ref('stg_ipto__lesgevenden_vakken') }}
),

profielen as (
    select profiel from {{ ref('stg_reference__profielen') }}
),

profieldocenten as (
    select distinct vakken.schooljaar, vakken.persoon_id
    from vakken
    inner join profielen on profielen.profiel = vakken.profiel
    where vakken.vak_categorie = 'profielvak'
),

classified as (
    select
        vakken._source_file,
        vakken._source_row,
        case
            when vakken.vak_categorie = 'profielvak' and profielen.profiel is null
                then 'profiel not in reference list profielen'
            when profieldocenten.persoon_id is null
                then 'person teaches no profielvak (of a profiel in reference list profielen) in the schooljaar'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from vakken
    left join profielen on profielen.profiel = vakken.profiel
    left join profieldocenten
        on profieldocenten.schooljaar = vakken.schooljaar and profieldocenten.persoon_id = vakken.persoon_id
)

{{ coverage_select('ipto_lesgevenden_vakken') }}
