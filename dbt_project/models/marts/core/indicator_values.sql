{#- The long-form table every BI tool and the report read (architecture.md, mart contract).
    A new indicator model is added to the list below and declares its catalog entry in its YAML. -#}
{{ union_indicator_parts([
    'int_indicator_values__pupils_lj3',
    'int_indicator_values__teachers',
    'int_indicator_values__pupil_composition',
    'int_indicator_values__regions',
    'int_indicator_values__offer',
    'int_indicator_values__reachability',
    'int_indicator_values__lj4',
    'int_indicator_values__keuzevakken',
    'int_indicator_values__doorstroom',
    'int_indicator_values__exam_results',
    'int_indicator_values__uitval_switch',
    'int_indicator_values__schoolverlaters',
    'int_indicator_values__programme',
    'int_indicator_values__teacher_pipeline',
    'int_indicator_values__teachers_vakken',
    'int_indicator_values__teachers_opleiding',
]) }}
