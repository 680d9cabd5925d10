import { listSections, type PortalProfile } from '../../shared/portal/profile';

/** An option for each section and sub-section of the portal, named by its path (`News › Local`). */
export function SectionOptions({ profile }: { profile: PortalProfile }) {
  return listSections(profile).map((section) => (
    <option key={section.id} value={section.id}>
      {section.path.join(' › ')}
    </option>
  ));
}
