{#- Seeds on Spark (session mode): dbt-spark 1.11 binds every CSV value as '<value>' without escaping, so an
    empty field arrives as the text 'None' and a quote (regio's) breaks the insert. This override of the
    adapter's own macro writes each value as a SQL literal instead: NULL for an empty field, else the text
    as spark__string_literal spells it. DuckDB loads seeds with its own macro (empty field = NULL), so both
    engines see the same rows. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    cast({{ 'null' if value is none else spark__string_literal(value | string) }} as {{ type }})
                    {{- "," if not loop.last }}
                {%- endfor -%}){{ "," if not loop.last }}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
