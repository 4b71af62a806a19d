{#- The source rows behind every cell of the pupil indicators that are traced to rows (pupils_lj3_count,
    tech_share_lj3, female_share_lj3 from int_pupils__lj3_rows; migration_share_lj3 from int_inschrijvingen__lj3,
    the pupil microdata; vo_upper_secondary_pupils from
    stg_duo__leerlingen_vestiging; tech_share_lj4 from int_pupils__lj4), counted per source file:
    distinct (_source_file, _source_row) in the numerator and in the denominator (NULL: the indicator's
    denominator is not traced). A public-file line holds boys and girls (two rows of the row model): it
    counts once. Rows are first grouped into classes (same file and same cell-deciding columns), then each
    class is placed in the cells the indicator part puts its rows in. -#}
with lj3_rows as (
    select
        schooljaar, leerweg, profiel, profielgroep, _source_file, _source_row,
        bool_or(geslacht = 'V') as has_female_row
    from {{ ref('int_pupils__lj3_rows') }}
    where leerweg in ('bb', 'kb', 'gl') and programma in ('profiel', 'legacy')
    group by schooljaar, leerweg, profiel, profielgroep, _source_file, _source_row
),

lj3_classes as (
    select schooljaar, leerweg, profiel, profielgroep, has_female_row, _source_file, count(*) as n_rows
    from lj3_rows
    group by schooljaar, leerweg, profiel, profielgroep, has_female_row, _source_file
),

-- every row at its leerweg and in the all-leerwegen total (lw NULL)
lj3_leerwegen as (
    select *, leerweg as lw from lj3_classes
    union all
    select *, cast(null as string) as lw from lj3_classes
),

-- the cells of pupils_lj3_count (int_pupils__lj3_counts): the profile, the profielgroep (legacy too) and
-- the total without legacy
lj3_cells as (
    select *, profiel as cell_profiel, cast(null as string) as cell_breakdown,
        cast(null as string) as cell_value
    from lj3_leerwegen where profielgroep <> 'legacy'
    union all
    select *, null, 'profielgroep', profielgroep from lj3_leerwegen
    union all
    select *, null, null, null from lj3_leerwegen where profielgroep <> 'legacy'
),

lj3 as (
    select 'pupils_lj3_count' as indicator_id, schooljaar, cast(null as string) as sto_regio_id, lw as leerweg,
        cell_profiel as profiel, cell_breakdown as breakdown, cell_value as breakdown_value, _source_file,
        n_rows as n_numerator_rows, cast(null as bigint) as n_denominator_rows
    from lj3_cells
    union all
    select 'female_share_lj3', schooljaar, null, lw, cell_profiel, cell_breakdown, cell_value, _source_file,
        {{ share_source_rows("has_female_row") }}
    from lj3_cells where coalesce(cell_value, '') <> 'legacy'
    union all
    -- A2 (leerweg NULL): legacy programmes in the denominator; A3 (per leerweg): profiles only
    select 'tech_share_lj3', schooljaar, null, lw, null, null, null, _source_file,
        case when profielgroep = 'techniek' then n_rows else 0 end,
        case when lw is null or profielgroep <> 'legacy' then n_rows else 0 end
    from lj3_leerwegen
),

-- A6: pupils of the microdata with a known migratieachtergrond, per profile, profielgroep and in total
migration_classes as (
    select schooljaar, leerweg, profiel, profielgroep, heeft_migratieachtergrond, _source_file, count(*) as n_rows
    from {{ ref('int_inschrijvingen__lj3') }}
    where leerweg in ('bb', 'kb', 'gl') and programma = 'profiel' and heeft_migratieachtergrond is not null
    group by all
),

migration as (
    select 'migration_share_lj3' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
        case when own.own_leerweg then leerweg end as leerweg,
        case when own.level = 'profiel' then profiel end as profiel,
        case when own.level = 'profielgroep' then 'profielgroep' end as breakdown,
        case when own.level = 'profielgroep' then profielgroep end as breakdown_value,
        _source_file,
        {{ share_source_rows("heeft_migratieachtergrond") }}
    from migration_classes
    cross join (
        select lw.own_leerweg, levels.level
        from (select true as own_leerweg union all select false) as lw
        cross join (select 'profiel' as level union all select 'profielgroep' union all select 'totaal') as levels
    ) as own
),

-- A8: lines of the public file, leerjaar 3 and 4 of all vo, per onderwijstype
upper_rows as (
    select schooljaar, onderwijstype, _source_file, count(distinct _source_row) as n_rows
    from {{ ref('stg_duo__leerlingen_vestiging') }}
    where leerjaar in (3, 4)
    group by schooljaar, onderwijstype, _source_file
),

upper_totals as (
    select schooljaar, _source_file, sum(n_rows) as n_rows from upper_rows group by schooljaar, _source_file
),

vo_upper as (
    -- per onderwijstype: its lines of all lines of the year; the total: all lines
    select 'vo_upper_secondary_pupils' as indicator_id, types.schooljaar, cast(null as string) as sto_regio_id,
        cast(null as string) as leerweg, cast(null as string) as profiel, 'onderwijstype' as breakdown,
        types.onderwijstype as breakdown_value, totals._source_file,
        coalesce(own.n_rows, 0) as n_numerator_rows, totals.n_rows as n_denominator_rows
    from (select distinct schooljaar, onderwijstype from upper_rows) as types
    inner join upper_totals as totals on totals.schooljaar = types.schooljaar
    left join upper_rows as own
        on own.schooljaar = types.schooljaar and own.onderwijstype = types.onderwijstype
        and own._source_file = totals._source_file
    union all
    select 'vo_upper_secondary_pupils', schooljaar, null, null, null, null, null, _source_file, n_rows, n_rows
    from upper_totals
),

-- tech_share_lj4: lines of the public file, leerjaar 4, nationally and per STO region, per leerweg and all
lj4_classes as (
    select schooljaar, sto_regio_id, leerweg, is_technisch, _source_file, count(distinct _source_row) as n_rows
    from {{ ref('int_pupils__lj4') }}
    group by schooljaar, sto_regio_id, leerweg, is_technisch, _source_file
),

lj4_levels as (
    select schooljaar, null as rg, leerweg as lw, is_technisch, _source_file, n_rows from lj4_classes
    union all
    select schooljaar, null, null, is_technisch, _source_file, n_rows from lj4_classes
    union all
    select schooljaar, sto_regio_id, leerweg, is_technisch, _source_file, n_rows
    from lj4_classes where sto_regio_id is not null
    union all
    select schooljaar, sto_regio_id, null, is_technisch, _source_file, n_rows
    from lj4_classes where sto_regio_id is not null
),

lj4 as (
    -- only the cells the part publishes (it leaves out cells without pupils)
    select 'tech_share_lj4' as indicator_id, levels.schooljaar, levels.rg as sto_regio_id, levels.lw as leerweg,
        cast(null as string) as profiel, cast(null as string) as breakdown, cast(null as string) as breakdown_value,
        levels._source_file,
        {{ share_source_rows("levels.is_technisch", rows='levels.n_rows') }}
    from lj4_levels as levels
    inner join {{ ref('int_indicator_values__lj4') }} as cells
        on cells.schooljaar = levels.schooljaar
        and cells.sto_regio_id is not distinct from levels.rg
        and cells.leerweg is not distinct from levels.lw
),

rows_per_cell as (
    select * from lj3
    union all select * from migration
    union all select * from vo_upper
    union all select * from lj4
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value', '_source_file'
]) }}
