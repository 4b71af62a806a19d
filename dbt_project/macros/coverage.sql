{#- The final select of every int_coverage__<source> model (docs/quality.md, "Rows not counted"), over a
    relation with _source_file, _source_row, reason_not_counted and reason_in_part: status = 'not counted'
    when the row is in no figure (reason says why), 'counted in part' when it is in some figures but left out
    of others it would belong to (reason says which and why), else 'counted' (reason NULL). The first reason
    that applies wins. source_name: the raw table, or none when the relation has a column `source`. With
    `schooljaar` (SQL), also a column schooljaar: the coverage models of microdata, incremental by schooljaar. -#}
{% macro coverage_select(source_name=none, relation='classified', row_part="''", aantal='cast(null as bigint)',
    n_suppressed_cells='0', schooljaar=none) -%}
    select
        {% if source_name %}'{{ source_name }}'{% else %}source{% endif %} as source,
        _source_file as source_file,
        _source_row as source_row,
        {{ row_part }} as row_part,
        case
            when reason_not_counted is not null then 'not counted'
            when reason_in_part is not null then 'counted in part'
            else 'counted'
        end as status,
        coalesce(reason_not_counted, reason_in_part) as reason,
        {{ aantal }} as aantal,
        {{ n_suppressed_cells }} as n_suppressed_cells
        {%- if schooljaar is not none %},
        {{ schooljaar }} as schooljaar
        {%- endif %}
    from {{ relation }}
{%- endmacro %}

{#- The coverage rows of a source every row of which is used as it is (no row filtered): all 'counted'. -#}
{% macro coverage_every_row_counted(source_name, table_name) -%}
    select
        '{{ table_name }}' as source,
        _source_file as source_file,
        _source_row as source_row,
        '' as row_part,
        'counted' as status,
        cast(null as string) as reason,
        cast(null as bigint) as aantal,
        0 as n_suppressed_cells
    from {{ source(source_name, table_name) }}
{%- endmacro %}

{#- The coverage model of one of DUO's hbo files (duo_hbo_*; catalog G17). A row is counted when staging
    keeps it (the newest edition of its year, macro duo_hbo_rows) and its opleidingscode is a technical
    teacher-training programme of the reference list lerarenopleidingen_techniek (flag J), as
    int_lerarenopleidingen__jaar counts it; aantal = its students as published (NULL for DUO's `-1`, 1-4,
    which is its one suppressed cell). -#}
{% macro coverage_duo_hbo(source_table, staging_model) -%}
with raw as (
    select _source_file, _source_row, opleidingscode, aantal from {{ source('duo', source_table) }}
),

staged as (
    select _source_file, _source_row from {{ ref(staging_model) }}
),

technisch as (
    select opleidingscode
    from {{ ref('stg_reference__lerarenopleidingen_techniek') }}
    where is_technische_lerarenopleiding
),

classified as (
    select
        raw._source_file,
        raw._source_row,
        raw.aantal,
        case
            when staged._source_file is null then 'superseded: a newer edition holds the year'
            when technisch.opleidingscode is null
                then 'not a technical teacher-training programme (reference list lerarenopleidingen_techniek)'
        end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw
    left join staged on staged._source_file = raw._source_file and staged._source_row = raw._source_row
    left join technisch on technisch.opleidingscode = raw.opleidingscode
)

{{ coverage_select(
    source_table,
    aantal="case when aantal <> '-1' then cast(aantal as bigint) end",
    n_suppressed_cells="case when aantal = '-1' then 1 else 0 end",
) }}
{%- endmacro %}

{#- The coverage model of a source whose rows are counted exactly when the model `kept` keeps them (same
    _source_file and _source_row): the others are 'not counted' for `reason`. `columns` are the raw columns
    aantal and n_suppressed_cells (SQL, as coverage_select) read. -#}
{% macro coverage_rows_kept_by(source_name, table_name, kept, reason, columns=[], aantal='cast(null as bigint)',
    n_suppressed_cells='0') -%}
with raw as (
    select _source_file, _source_row{% for column in columns %}, {{ column }}{% endfor %}
    from {{ source(source_name, table_name) }}
),

kept as (
    select _source_file, _source_row from {{ ref(kept) }}
),

classified as (
    select
        raw.*,
        case when kept._source_file is null then {{ string_literal(reason) }} end as reason_not_counted,
        cast(null as string) as reason_in_part
    from raw
    left join kept on kept._source_file = raw._source_file and kept._source_row = raw._source_row
)

{{ coverage_select(table_name, aantal=aantal, n_suppressed_cells=n_suppressed_cells) }}
{%- endmacro %}
