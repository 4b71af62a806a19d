{#- The combination of `columns` is unique; NULL counts as a value (uses IS NOT DISTINCT FROM semantics
    via grouping). Returns one row per duplicated combination. -#}
{% test unique_combination_of_columns(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
