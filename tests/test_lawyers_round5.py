"""Issue 24, the latest lawyers' review (review-ru3, review-en3): critical and major points, read
back from the rendered documents."""

import pytest

from tests.test_ru_clauses import RU1, RU2, rendered

GK = "Гражданского кодекса Российской Федерации"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_ru_client_may_publish_results_under_a_free_licence_before_the_right_passes(tmp_path, fmt):
    """ГК РФ ст. 1229, 1270: publishing a result whose exclusive right has not passed infringes it,
    yet publication is an acceptance criterion; ст. 1235, 1286: a simple (non-exclusive) licence,
    expressly free (п. 5 ст. 1235), with its territory, covers it until the right passes."""
    for project in (RU1, RU2):
        text = rendered(project, "contract", fmt, tmp_path)
        assert "только для ознакомления" not in text
        assert ("С даты передачи Результата этапа на приёмку до перехода исключительного права на него "
                "Исполнитель предоставляет Заказчику безвозмездную простую (неисключительную) лицензию на "
                "использование этого Результата на территории всего мира путём воспроизведения и доведения до "
                "всеобщего сведения, в том числе размещения в сети «Интернет» и в магазинах приложений "
                f"(статьи 1235, 1286 {GK})") in text
