{#- The source rows behind every cell of catalog section D (int_keuzevak__exams: one exam, one row of
    duo_examens_vakken), counted per source file (macro source_row_counts). A pupil share (D7, D9) counts all
    exams of the pupils; a count of distinct vakcodes (D6, D8) the exams in those vakcodes. Exams are first
    grouped into classes (same file and same cell-deciding columns), then each class is placed in the cells
    int_indicator_values__keuzevakken puts its exams in. -#}
{{ config(**incremental_by_schooljaar([0, 0])) }}
with exams as (
    select
        *,
        bool_or(is_technisch_keuzevak) over (partition by schooljaar, leerling_id) as pupil_has_tech_keuzevak
    from {{ ref('int_keuzevak__exams') }}
    {{ schooljaar_filter() }}
),

classes as (
    select
        schooljaar, leerweg, leerling_profiel, leerling_profielgroep, keuzevak_profiel, keuzevak_profielgroep,
        is_technisch_keuzevak, is_vakcode_onbekend, vakcode, vaksoort, pupil_has_tech_keuzevak, sto_regio_id,
        _source_file, count(*) as n_rows
    from exams
    group by all
),

-- each exam once per leerweg and once in the all-leerwegen total (lw NULL); tl only under 'tl'
e_all as (
    select *, leerweg as lw from classes where leerling_profielgroep in ('techniek', 'niet-techniek', 'tl')
    union all
    select *, cast(null as string) as lw from classes where leerling_profielgroep in ('techniek', 'niet-techniek')
),

e as (
    select * from e_all where leerling_profielgroep in ('techniek', 'niet-techniek')
),

-- D5 and D10: the cells of a pupil profile / owning profile, so that every exam of the profile is in the
-- denominator of each
cross_profile_cells as (
    select distinct schooljaar, lw, leerling_profiel, coalesce(keuzevak_profiel, 'onbekend') as keuzevak_profiel
    from e
),

own_profile_cells as (
    select distinct schooljaar, lw, keuzevak_profiel, vakcode from e where leerling_profiel = keuzevak_profiel
),

rows_per_cell as (
    -- D1: exams by owning profile, owning group, pupil profile, pupil group and in total (count)
    select 'keuzevak_exam_count' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
        lw as leerweg, cast(null as string) as profiel, 'keuzevak_profiel' as breakdown,
        coalesce(keuzevak_profiel, 'onbekend') as breakdown_value, _source_file,
        n_rows as n_numerator_rows, cast(null as bigint) as n_denominator_rows
    from e_all
    union all
    select 'keuzevak_exam_count', schooljaar, null, lw, null, 'keuzevak_profielgroep', keuzevak_profielgroep,
        _source_file, n_rows, null
    from e_all
    union all
    select 'keuzevak_exam_count', schooljaar, null, lw, leerling_profiel, null, null, _source_file, n_rows, null
    from e
    union all
    select 'keuzevak_exam_count', schooljaar, null, lw, null, 'leerling_profielgroep', leerling_profielgroep,
        _source_file, n_rows, null
    from e
    union all
    select 'keuzevak_exam_count', schooljaar, null, lw, null, null, null, _source_file, n_rows, null
    from e_all
    union all
    -- D1 share: exams in technical keuzevakken of all exams
    select 'keuzevak_exam_tech_share', schooljaar, null, lw, null, null, null, _source_file,
        {{ share_source_rows("is_technisch_keuzevak") }}
    from e_all
    union all
    -- D1 per STO region (region of the pupil's vestiging): all exams and the technical share, leerweg NULL
    select 'keuzevak_exam_count', schooljaar, sto_regio_id, null, null, null, null, _source_file, n_rows, null
    from e where lw is null and sto_regio_id is not null
    union all
    select 'keuzevak_exam_tech_share', schooljaar, sto_regio_id, null, null, null, null, _source_file,
        {{ share_source_rows("is_technisch_keuzevak") }}
    from e where lw is null and sto_regio_id is not null
    union all
    -- D2: exams in a technical owning profile (and pooled) taken by non-technical pupils
    select 'tech_keuzevak_exams_by_nontech_share', schooljaar, null, lw, null, 'keuzevak_profiel', keuzevak_profiel,
        _source_file, {{ share_source_rows("leerling_profielgroep = 'niet-techniek'") }}
    from e where is_technisch_keuzevak
    union all
    select 'tech_keuzevak_exams_by_nontech_share', schooljaar, null, lw, null, 'keuzevak_profielgroep', 'techniek',
        _source_file, {{ share_source_rows("leerling_profielgroep = 'niet-techniek'") }}
    from e where is_technisch_keuzevak
    union all
    -- D3: own-profile share, offering view (per owning profile, pooled technical) and pupil view
    select 'keuzevak_own_profile_share', schooljaar, null, lw, keuzevak_profiel, 'perspectief', 'aanbiedend_profiel',
        _source_file, {{ share_source_rows("leerling_profiel = keuzevak_profiel") }}
    from e where keuzevak_profiel is not null
    union all
    select 'keuzevak_own_profile_share', schooljaar, null, lw, null, 'perspectief', 'aanbiedend_profiel',
        _source_file, {{ share_source_rows("leerling_profiel = keuzevak_profiel") }}
    from e where is_technisch_keuzevak
    union all
    select 'keuzevak_own_profile_share', schooljaar, null, lw, leerling_profiel, 'perspectief', 'leerling_profiel',
        _source_file, {{ share_source_rows("leerling_profiel = keuzevak_profiel") }}
    from e
    union all
    select 'keuzevak_own_profile_share', schooljaar, null, lw, null, 'perspectief', 'leerling_profiel',
        _source_file, {{ share_source_rows("leerling_profiel = keuzevak_profiel") }}
    from e where leerling_profielgroep = 'techniek'
    union all
    -- D4: technical pupils' exams in non-technical keuzevakken (per profile and pooled)
    {%- for profiel in ['leerling_profiel', 'null'] %}
    select 'tech_pupils_nontech_keuzevak_share', schooljaar, null, lw, {{ profiel }}, null, null, _source_file,
        {{ share_source_rows("keuzevak_profielgroep = 'niet-techniek'") }}
    from e where leerling_profielgroep = 'techniek'
    union all
    {%- endfor %}
    -- D5: per pupil profile x owning profile, its exams of all exams of the pupil profile
    select 'keuzevak_cross_profile_matrix', x.schooljaar, null, x.lw, x.leerling_profiel, 'keuzevak_profiel',
        cells.keuzevak_profiel, x._source_file,
        {{ share_source_rows("coalesce(x.keuzevak_profiel, 'onbekend') = cells.keuzevak_profiel", rows='x.n_rows') }}
    from e as x
    inner join cross_profile_cells as cells
        on cells.schooljaar = x.schooljaar and cells.lw is not distinct from x.lw
        and cells.leerling_profiel = x.leerling_profiel
    union all
    -- D6: exams in the distinct known vakcodes (all pupils), per owning profile and vaksoort, per vaksoort and per
    -- vaksoort x owning group
    {%- for profiel in ['keuzevak_profiel', 'null'] %}
    select 'distinct_keuzevakken_examined', schooljaar, null, null, {{ profiel }}, 'vaksoort', vaksoort,
        _source_file, n_rows, null
    from classes where not is_vakcode_onbekend
    union all
    {%- endfor %}
    select 'distinct_keuzevakken_examined', schooljaar, null, null, null, 'vaksoort|keuzevak_profielgroep',
        vaksoort || '|' || keuzevak_profielgroep, _source_file, n_rows, null
    from classes where not is_vakcode_onbekend
    union all
    -- D7: non-technical pupils with a technical keuzevak (all their exams), per profile and pooled
    {%- for profiel in ['leerling_profiel', 'null'] %}
    select 'nontech_pupils_with_tech_keuzevak_share', schooljaar, null, lw, {{ profiel }}, null, null, _source_file,
        {{ share_source_rows("pupil_has_tech_keuzevak") }}
    from e_all where leerling_profielgroep = 'niet-techniek'
    union all
    {%- endfor %}
    -- D9: pupils with any technical keuzevak (all their exams)
    select 'pupils_with_any_tech_keuzevak_share', schooljaar, null, lw, null, null, null, _source_file,
        {{ share_source_rows("pupil_has_tech_keuzevak") }}
    from e_all
    union all
    -- D10: per owning profile, own-profile pupils' exams per vakcode of all their exams in that profile
    select 'keuzevak_exam_distribution_within_profile', x.schooljaar, null, x.lw, x.keuzevak_profiel, 'vakcode',
        cells.vakcode, x._source_file, {{ share_source_rows("x.vakcode = cells.vakcode", rows='x.n_rows') }}
    from e as x
    inner join own_profile_cells as cells
        on cells.schooljaar = x.schooljaar and cells.lw is not distinct from x.lw
        and cells.keuzevak_profiel = x.keuzevak_profiel
    where x.leerling_profiel = x.keuzevak_profiel
),

-- D8: exams in the distinct known vakcodes that are technical, of all, nationally and per STO region
offer_classes as (
    select schooljaar, sto_regio_id, is_technisch_keuzevak, _source_file, count(*) as n_rows
    from exams
    where not is_vakcode_onbekend
    group by all
),

offer_ratio as (
    select 'tech_keuzevak_offer_ratio' as indicator_id, schooljaar, cast(null as string) as sto_regio_id,
        cast(null as string) as leerweg, cast(null as string) as profiel, cast(null as string) as breakdown,
        cast(null as string) as breakdown_value, _source_file,
        {{ share_source_rows("is_technisch_keuzevak") }}
    from offer_classes
    union all
    select 'tech_keuzevak_offer_ratio', schooljaar, sto_regio_id, null, null, null, null, _source_file,
        {{ share_source_rows("is_technisch_keuzevak") }}
    from offer_classes where sto_regio_id is not null
),

all_cells as (
    select * from rows_per_cell
    union all
    select * from offer_ratio
)

{{ source_row_counts('all_cells', [
    'indicator_id', 'schooljaar', 'sto_regio_id', 'leerweg', 'profiel', 'breakdown', 'breakdown_value', '_source_file'
]) }}
