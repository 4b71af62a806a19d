{#- Compound breakdown of the teacher indicators: `grp` (the profielgroep part, NULL on profile and total
    rows) followed by `extra` (SQL text), comma-separated; e.g. 'profielgroep,maat' / 'techniek,fte'. -#}
{% macro teacher_breakdown(grp, extra) %}coalesce({{ grp }} || '|', '') || {{ extra }}{% endmacro %}
