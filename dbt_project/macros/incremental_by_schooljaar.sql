{#- Incremental by schooljaar (docs/operations.md, "What a refresh rebuilds"). The large intermediate models
    keyed by schooljaar keep the rows of the schooljaren that a refresh need not rebuild. The refresh
    (orchestration/incremental.py) works out per model which schooljaren to rebuild and hands them to dbt
    in the environment variable STO_SCHOOLJAREN_TO_REBUILD, JSON {"<model>": [2023, 2024], ...} (an
    environment variable, not a dbt var: a changed --vars makes dbt parse the whole project again). Such a
    model deletes the rows of those schooljaren (pre-hook) and inserts them again, computed from its inputs
    filtered to the schooljaren they need (schooljaar_filter). A model not named in the variable, or no
    variable (a `dbt build` by hand), rebuilds every schooljaar the same way; `dbt build --full-refresh` and
    a fresh warehouse create the table from scratch. On Spark these models are plain tables. -#}

{#- The config of such a model (`{{ config(**incremental_by_schooljaar([0, 1])) }}`): `reads` = [first,
    last] offset of the schooljaren its rows of schooljaar t are computed from, all inputs and their inputs
    included ([0, 1]: t and t+1). The refresh rebuilds schooljaar t when a raw partition in t+first .. t+last
    changed. -#}
{% macro incremental_by_schooljaar(reads=[0, 0]) %}
    {%- set meta = {'schooljaar_reads': reads} %}
    {%- if target.type != 'duckdb' %}{{ return({'meta': meta}) }}{% endif %}
    {%- set hook %}{% raw %}{{ delete_schooljaren_to_rebuild() }}{% endraw %}{% endset %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': hook,
        'meta': meta,
    }) }}
{% endmacro %}

{#- The schooljaren this model rebuilds (a list of integers), or none: every schooljaar (also in a dbt unit
    test, which has no relation `this`). -#}
{% macro schooljaren_to_rebuild() %}
    {%- if not execute or this is none or not is_incremental() %}{{ return(none) }}{% endif %}
    {%- set plan = env_var('STO_SCHOOLJAREN_TO_REBUILD', '') %}
    {%- if plan == '' %}{{ return(none) }}{% endif %}
    {%- set years = fromjson(plan).get(model.name) %}
    {{ return(none if years is none else years | map('int') | list) }}
{% endmacro %}

{#- Pre-hook: delete the rows of the schooljaren to rebuild (every row when all are rebuilt), so that a
    schooljaar whose raw rows are gone is gone here too. Nothing on a full build (the table is new). -#}
{% macro delete_schooljaren_to_rebuild() %}
    {%- if this is not none and is_incremental() %}
        {%- set years = schooljaren_to_rebuild() %}
        {%- if years is none %}
    delete from {{ this }}
        {%- elif years | length > 0 %}
    delete from {{ this }} where schooljaar in ({{ years | join(', ') }})
        {%- endif %}
    {%- endif %}
{% endmacro %}

{#- A filter on an input of such a model: its rows of the schooljaren needed to rebuild this model's
    schooljaren t, i.e. `column` in t+first .. t+last for `reads` = [first, last]. Nothing on a full build
    or when every schooljaar is rebuilt; `keyword` 'where' or 'and'. -#}
{% macro schooljaar_filter(column='schooljaar', reads=[0, 0], keyword='where') %}
    {%- set years = schooljaren_to_rebuild() %}
    {%- if years is not none %}
        {%- set needed = [] %}
        {%- for year in years %}{% for offset in range(reads[0], reads[1] + 1) %}
            {%- if year + offset not in needed %}{% do needed.append(year + offset) %}{% endif %}
        {%- endfor %}{% endfor %}
    {{ keyword }} {{ column }} in ({{ (needed | sort | join(', ')) if needed else 'null' }})
    {%- endif %}
{% endmacro %}
