"""Demo advice: each kind, an open question, adopted advice linked to its update, a granted credential; once."""

from colab.advice.credentials import expertise_on_projects
from colab.advice.models import Advice, AdviceKind, AdviceStatus, CredentialStatus, ExpertCredential
from colab.demo import seed_demo
from colab.projects.models import Project


async def test_the_demo_project_shows_advice_in_use(db: None) -> None:
    await seed_demo()
    await seed_demo()  # idempotent
    project = await Project.all().order_by("id").first()
    assert project is not None
    advice = await Advice.filter(project_id=project.id, parent_id=None)
    assert {a.kind for a in advice} == set(AdviceKind)
    assert any(a.open_question for a in advice)
    adopted = [a for a in advice if a.status is AdviceStatus.ADOPTED]
    assert len(adopted) == 1 and adopted[0].update_id is not None and adopted[0].helpful_count == 1
    assert await Advice.filter(parent_id=adopted[0].id).count() == 1
    expert = await ExpertCredential.get(status=CredentialStatus.GRANTED)
    labels = await expertise_on_projects([(expert.user_id, project.id)])
    assert labels[(expert.user_id, project.id)] == ["Mobilité"]
