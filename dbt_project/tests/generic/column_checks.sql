{#- Every column rule of one model in one query: one dbt test (one asset check, one node to schedule) per
    model instead of one per column and rule (docs/quality.md). The rules, each as dbt's own test of that
    name decides it:
      not_null: [column, ...]             no NULL
      unique: [column, ...]               no value twice (NULLs are not compared, as in dbt's `unique`)
      accepted_values: {column: [v, ...]} every non-NULL value is one of these
      value_between: {column: {min_value: a, max_value: b, where_sql: <optional row filter>}}
                                          every non-NULL value lies in [a, b]
      unique_combinations: [[column, ...], ...]
                                          no combination twice (NULL counts as a value)
    Returns one row per broken rule: rule, column_name (the columns of a combination, comma-separated) and
    failing_rows (the rows that break it; for uniqueness, the rows beyond the first of each value). -#}
{% test column_checks(model, not_null=[], unique=[], accepted_values={}, value_between={}, unique_combinations=[]) %}
{%- set row_rules = [] -%}
{%- for column in not_null -%}
    {%- do row_rules.append(('not_null', column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(value if value is number else sto_monitor.string_literal(value)) -%}
    {%- endfor -%}
    {%- do row_rules.append((
        'accepted_values', column,
        column ~ ' is not null and ' ~ column ~ ' not in (' ~ literals | join(', ') ~ ')'
    )) -%}
{%- endfor -%}
{%- for column, bounds in value_between.items() -%}
    {%- set condition = column ~ ' is not null and (' ~ column ~ ' < ' ~ bounds['min_value']
        ~ ' or ' ~ column ~ ' > ' ~ bounds['max_value'] ~ ')' -%}
    {%- if bounds.get('where_sql') -%}
        {%- set condition = condition ~ ' and (' ~ bounds['where_sql'] ~ ')' -%}
    {%- endif -%}
    {%- do row_rules.append(('value_between', column, condition)) -%}
{%- endfor -%}
{%- set key_rules = [] -%}
{%- for column in unique -%}
    {%- do key_rules.append(('unique', [column], column ~ ' is not null')) -%}
{%- endfor -%}
{%- for columns in unique_combinations -%}
    {%- do key_rules.append(('unique_combination', columns, none)) -%}
{%- endfor -%}
{%- if not row_rules and not key_rules -%}
    {{ exceptions.raise_compiler_error("column_checks on " ~ model ~ " has no rule") }}
{%- endif %}
{%- if row_rules %}
with row_rule_counts as (
    {#- one scan for every rule that looks at one row at a time -#}
    select
    {%- for rule, column, condition in row_rules %}
        sum(case when {{ condition }} then 1 else 0 end) as rule_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
),

row_rules as (
    {%- for rule, column, condition in row_rules %}
    select {{ loop.index }} as rule_index, '{{ rule }}' as rule, {{ sto_monitor.string_literal(column) }} as column_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)
{%- endif %}

select rule, column_name, failing_rows
from (
    {%- if row_rules %}
    select
        r.rule,
        r.column_name,
        case r.rule_index
        {%- for _rule in row_rules %}
            when {{ loop.index }} then c.rule_{{ loop.index }}
        {%- endfor %}
        end as failing_rows
    from row_rule_counts as c
    cross join row_rules as r
    {%- endif %}
    {%- for rule, columns, condition in key_rules %}
    {%- if row_rules or not loop.first %}
    union all
    {%- endif %}
    select
        '{{ rule }}' as rule,
        {{ sto_monitor.string_literal(columns | join(', ')) }} as column_name,
        sum(n_rows - 1) as failing_rows
    from (
        select count(*) as n_rows
        from {{ model }}
        {%- if condition %}
        where {{ condition }}
        {%- endif %}
        group by {{ columns | join(', ') }}
        having count(*) > 1
    ) as duplicates_{{ loop.index }}
    {%- endfor %}
) as checks
where failing_rows > 0
{% endtest %}
