{#- The source rows behind every cell of catalog section G that is traced to rows, counted per source file
    (macro source_row_counts):
    - IPTO teacher extract (stg_ipto__lesgevenden, one line per person x BRIN x profile): a cell's rows are the
      lines of its persons in the cell's profile(s); a person's attribute (sex, age, contract, ...) is theirs
      from int_teachers__persons. Change rows count this year's lines (numerator only, as the counts).
    - IPTO vakken extract (stg_ipto__lesgevenden_vakken, G5): a person's profielvak lines of the cell's
      profile(s) and their avo and overig lines.
    - CBS's aggregate (stg_cbs__lesgevenden_opleiding, G13/G14): the line of the category, of the lines of its
      cell.
    - DUO's hbo files (stg_duo__hbo_*, G17): the lines of the programme(s) and year.
    Rows are first grouped into classes (same file and same cell-deciding columns), then each class is placed
    in the cells the indicator parts put their rows in. -#}
with lines as (
    select
        lines.schooljaar, lines.profiel, profielen.profielgroep, persons.leeftijdsklasse,
        coalesce(persons.is_bevoegd, false) as is_bevoegd,
        coalesce(persons.contract = 'vast', false) as is_vast_contract,
        coalesce(persons.is_oop, false) as is_oop,
        coalesce(persons.geslacht = 'V', false) as is_vrouw,
        persons.situatie_5jr_eerder,
        persons.heeft_hoofdbaan_buiten_onderwijs,
        lines._source_file,
        count(*) as n_rows
    from {{ ref('stg_ipto__lesgevenden') }} as lines
    inner join {{ ref('stg_reference__profielen') }} as profielen
        on profielen.profiel = lines.profiel and profielen.profielgroep is not null
    left join {{ ref('int_teachers__persons') }} as persons
        on persons.schooljaar = lines.schooljaar and persons.persoon_id = lines.persoon_id
    group by all
),

-- every line in its profile's cell, its profielgroep's cell and the total (as int_teachers__cells)
levels as (
    select *, profiel as cell_profiel, cast(null as string) as grp_breakdown, cast(null as string) as grp_value
    from lines
    union all
    select *, null, 'profielgroep', profielgroep from lines
    union all
    select *, null, null, null from lines
),

-- G1-G4: persons and fte (numerator only) with their change rows against the previous year and the nulmeting
counted as (
    select measure.indicator_id, measure.maat, levels.*
    from levels
    inner join (
        select 'teachers_tech_persons' as indicator_id, cast(null as string) as maat, 'techniek' as profielgroep
        union all select 'teachers_tech_fte', null, 'techniek'
        union all select 'teachers_nontech_persons_fte', 'personen', 'niet-techniek'
        union all select 'teachers_nontech_persons_fte', 'fte', 'niet-techniek'
        union all select 'teachers_beroepsgericht_total', 'personen', null
        union all select 'teachers_beroepsgericht_total', 'fte', null
    ) as measure
        -- technical / non-technical: the group's profiles and the group; all profiles: the total
        on (measure.profielgroep is null and levels.grp_breakdown is null and levels.cell_profiel is null)
        or (measure.profielgroep = levels.profielgroep and (levels.grp_breakdown is not null or levels.cell_profiel is not null))
),

ipto_cells as (
    select indicator_id, schooljaar, cell_profiel as profiel,
        case when maat is null then grp_breakdown else {{ teacher_breakdown('grp_breakdown', "'maat'") }} end
            as breakdown,
        case when maat is null then grp_value else {{ teacher_breakdown('grp_value', 'maat') }} end as breakdown_value,
        _source_file, n_rows as n_numerator_rows, cast(null as bigint) as n_denominator_rows
    from counted
    union all
    select indicator_id, schooljaar, cell_profiel,
        {{ teacher_breakdown('grp_breakdown', "case when maat is null then '' else 'maat|' end || 'verandering'") }},
        {{ teacher_breakdown('grp_value', "coalesce(maat || '|', '') || referentie.name") }},
        _source_file, n_rows, null
    from counted
    cross join (select 'vorig_jaar' as name union all select 'nulmeting') as referentie
    union all
    -- G8-G12: persons with an attribute / persons of the cell (main job: / persons with it known)
    select share.indicator_id, schooljaar, cell_profiel, grp_breakdown, grp_value, _source_file,
        case
            when share.indicator_id = 'teachers_bevoegd_share' and is_bevoegd then n_rows
            when share.indicator_id = 'teachers_permanent_contract_share' and is_vast_contract then n_rows
            when share.indicator_id = 'teachers_support_staff_share' and is_oop then n_rows
            when share.indicator_id = 'teachers_female_share' and is_vrouw then n_rows
            when share.indicator_id = 'teachers_50plus_share' and leeftijdsklasse in ('50-59', '60+') then n_rows
            when share.indicator_id = 'teachers_main_job_outside_education_share'
                and heeft_hoofdbaan_buiten_onderwijs then n_rows
            else 0
        end,
        case
            when share.indicator_id = 'teachers_main_job_outside_education_share'
                and heeft_hoofdbaan_buiten_onderwijs is null then 0
            else n_rows
        end
    from levels
    cross join (
        select 'teachers_bevoegd_share' as indicator_id
        union all select 'teachers_permanent_contract_share'
        union all select 'teachers_support_staff_share'
        union all select 'teachers_female_share'
        union all select 'teachers_50plus_share'
        union all select 'teachers_main_job_outside_education_share'
    ) as share
    union all
    -- G8: mean age (sum of ages / persons)
    select 'teachers_mean_age', schooljaar, cell_profiel, grp_breakdown, grp_value, _source_file, n_rows, n_rows
    from levels
    union all
    -- G8: persons per age band
    select 'teachers_age_distribution', schooljaar, cell_profiel,
        {{ teacher_breakdown('grp_breakdown', "'leeftijdsklasse'") }},
        {{ teacher_breakdown('grp_value', 'band.name') }},
        _source_file, {{ share_source_rows("leeftijdsklasse = band.name") }}
    from levels
    cross join (select '18-49' as name union all select '50-59' union all select '60+') as band
    union all
    -- G11: situation five years earlier, of the persons with a known situation
    select 'teachers_prior_work_situation', schooljaar, cell_profiel,
        {{ teacher_breakdown('grp_breakdown', "'situatie_5jr_eerder'") }},
        {{ teacher_breakdown('grp_value', 'situatie.name') }},
        _source_file, case when situatie_5jr_eerder = situatie.name then n_rows else 0 end,
        case when situatie_5jr_eerder is not null then n_rows else 0 end
    from levels
    cross join (
        select 'onderwijs' as name union all select 'bedrijfsleven' union all select 'opleiding' union all select 'overig'
    ) as situatie
),

ipto as (
    -- only the cells the part publishes (a change row needs the reference year, a share persons)
    select ipto_cells.*
    from ipto_cells
    inner join (
        select distinct indicator_id, schooljaar, profiel, breakdown, breakdown_value
        from {{ ref('int_teachers__indicator_cells') }}
        where sto_regio_id is null
    ) as cells
        on cells.indicator_id = ipto_cells.indicator_id
        and cells.schooljaar = ipto_cells.schooljaar
        and {{ same_cell('cells', 'ipto_cells', ['profiel', 'breakdown', 'breakdown_value']) }}
),

-- G5: a person's profielvak lines in each of their cells, and their avo and overig lines in all of them
vakken as (
    select
        vakken.*,
        profielen.profielgroep,
        bool_or(vakken.vak_categorie = 'avo') over (partition by vakken.schooljaar, vakken.persoon_id) as geeft_avo,
        bool_or(vakken.vak_categorie = 'overig') over (partition by vakken.schooljaar, vakken.persoon_id)
            as geeft_overig
    from {{ ref('stg_ipto__lesgevenden_vakken') }} as vakken
    left join {{ ref('stg_reference__profielen') }} as profielen on profielen.profiel = vakken.profiel
),

profielvak_levels as (
    select schooljaar, persoon_id, profielgroep, profiel, geeft_avo, geeft_overig, _source_file, _source_row
    from vakken where vak_categorie = 'profielvak' and profielgroep is not null
    union all
    select schooljaar, persoon_id, profielgroep, null, geeft_avo, geeft_overig, _source_file, _source_row
    from vakken where vak_categorie = 'profielvak' and profielgroep is not null
    union all
    select schooljaar, persoon_id, null, null, geeft_avo, geeft_overig, _source_file, _source_row
    from vakken where vak_categorie = 'profielvak' and profielgroep is not null
),

vakken_lines as (
    select schooljaar, profielgroep, profiel, geeft_avo, geeft_overig, _source_file, _source_row
    from profielvak_levels
    union all
    select other.schooljaar, levels.profielgroep, levels.profiel, other.geeft_avo, other.geeft_overig,
        other._source_file, other._source_row
    from vakken as other
    inner join (select distinct schooljaar, persoon_id, profielgroep, profiel from profielvak_levels) as levels
        on levels.schooljaar = other.schooljaar and levels.persoon_id = other.persoon_id
    where other.vak_categorie in ('avo', 'overig')
),

vakken_classes as (
    select schooljaar, profielgroep, profiel, geeft_avo, geeft_overig, _source_file, count(*) as n_rows
    from vakken_lines
    group by all
),

vakken_cells as (
    select share.indicator_id, schooljaar, profiel,
        {{ profielgroep_breakdown() }},
        _source_file,
        case when (share.indicator_id = 'teachers_also_avo_share' and geeft_avo)
            or (share.indicator_id = 'teachers_also_other_share' and geeft_overig) then n_rows else 0 end
            as n_numerator_rows,
        n_rows as n_denominator_rows
    from vakken_classes
    cross join (select 'teachers_also_avo_share' as indicator_id union all select 'teachers_also_other_share') as share
),

-- G13 / G14: the category's line of the lines of its cell
opleiding as (
    select
        {{ cbs_opleiding_indicator_id('kenmerk') }} as indicator_id,
        schooljaar, niveau, profiel, profielgroep, kenmerk, categorie, _source_file, _source_row
    from {{ ref('stg_cbs__lesgevenden_opleiding') }}
),

opleiding_cells as (
    select
        categories.indicator_id,
        categories.schooljaar,
        {{ cbs_opleiding_cell('categories') }},
        lines._source_file,
        count(distinct case when lines.categorie = categories.categorie then lines._source_row end)
            as n_numerator_rows,
        count(distinct lines._source_row) as n_denominator_rows
    from (select distinct indicator_id, schooljaar, niveau, profiel, profielgroep, kenmerk, categorie from opleiding)
        as categories
    inner join opleiding as lines
        on lines.schooljaar = categories.schooljaar
        and lines.niveau = categories.niveau
        and {{ same_cell('lines', 'categories', ['profiel', 'profielgroep']) }}
        and lines.kenmerk = categories.kenmerk
    group by all
),

-- G17: the lines of the technical teacher-training programme(s) (a predecessor code for its successor)
hbo_lines as (
    select 'teacher_pipeline_first_year_students' as indicator_id, schooljaar, opleidingscode, _source_file,
        _source_row
    from {{ ref('stg_duo__hbo_eerstejaars') }}
    union all
    select 'teacher_pipeline_enrolled', schooljaar, opleidingscode, _source_file, _source_row
    from {{ ref('stg_duo__hbo_ingeschrevenen') }}
    union all
    select 'teacher_pipeline_graduates', schooljaar, opleidingscode, _source_file, _source_row
    from {{ ref('stg_duo__hbo_gediplomeerden') }}
),

hbo_classes as (
    select hbo_lines.indicator_id, hbo_lines.schooljaar, opleidingen.programma_code, hbo_lines._source_file,
        count(distinct hbo_lines._source_row) as n_rows
    from hbo_lines
    inner join {{ ref('stg_reference__lerarenopleidingen_techniek') }} as opleidingen
        on opleidingen.opleidingscode = hbo_lines.opleidingscode and opleidingen.is_technische_lerarenopleiding
    group by all
),

hbo_cells as (
    select indicator_id, schooljaar, 'croho' as breakdown, programma_code as breakdown_value, _source_file,
        n_rows as n_numerator_rows, cast(null as bigint) as n_denominator_rows
    from hbo_classes
    union all
    select indicator_id, schooljaar, 'croho', 'totaal', _source_file, n_rows, null
    from hbo_classes
),

rows_per_cell as (
    select indicator_id, schooljaar, profiel, breakdown, breakdown_value, _source_file, n_numerator_rows,
        n_denominator_rows
    from ipto
    union all select * from vakken_cells
    union all select * from opleiding_cells
    union all
    select indicator_id, schooljaar, null, breakdown, breakdown_value, _source_file, n_numerator_rows,
        n_denominator_rows
    from hbo_cells
)

{{ source_row_counts('rows_per_cell', [
    'indicator_id', 'schooljaar', 'profiel', 'breakdown', 'breakdown_value', '_source_file'
]) }}
