{#- on-run-start: make the raw sources readable. On DuckDB the loader writes schema raw of the warehouse
    file itself, so there is nothing to do. On Spark each raw table is a folder of Parquet exported from
    that schema (orchestration/spark.py: $STO_HOME/raw_parquet/<table>/, or STO_RAW_PARQUET, e.g. on object
    storage), declared here as the external table raw.<table> before any model reads it. -#}
{% macro register_raw_tables() %}
    {{ return(adapter.dispatch('register_raw_tables', 'sto_monitor')()) }}
{% endmacro %}

{% macro default__register_raw_tables() %}
    select 1 as raw_tables_in_place
{% endmacro %}

{% macro spark__register_raw_tables() %}
    {%- set folder = env_var('STO_RAW_PARQUET', '../warehouse/raw_parquet') -%}
    {%- if execute -%}
        {%- set tables = [] -%}
        {%- for node in graph.sources.values() if node.schema == 'raw' and node.identifier not in tables -%}
            {%- do tables.append(node.identifier) -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for table in tables | sort -%}
            {%- do run_query(
                "create table if not exists raw." ~ table ~ " using parquet location '" ~ folder ~ "/" ~ table ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif %}
    select 1 as raw_tables_in_place
{% endmacro %}
