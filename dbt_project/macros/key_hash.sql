{#- One 64-bit hash of several columns (NULLs included), for grouping by a hash where grouping by long keys
    needs too much memory (every_raw_row_classified_once). Equal values give equal hashes on one engine;
    different values may share one, so a caller checks the keys of a repeated hash. DuckDB: hash() of
    several values (UBIGINT); Spark: xxhash64 (its hash() is 32 bits). -#}
{% macro key_hash(columns) -%}
    {{ return(adapter.dispatch('key_hash', 'sto_monitor')(columns)) }}
{%- endmacro %}

{% macro default__key_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__key_hash(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}
