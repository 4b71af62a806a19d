{#- Every non-NULL value of the column lies in [min_value, max_value]; optional row filter. -#}
{% test value_between(model, column_name, min_value, max_value, where_sql=none) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and ({{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }})
  {%- if where_sql %} and ({{ where_sql }}){% endif %}
{% endtest %}
